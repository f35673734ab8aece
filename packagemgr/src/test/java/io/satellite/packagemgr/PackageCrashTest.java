package io.satellite.packagemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import io.satellite.engine.recovery.EngineProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the engine during a package upgrade: at the next start the library holds the
 * version it held before, as do the records, the operation is FAILED with the reason, the
 * staging area is gone, and no R CMD INSTALL of the dead engine is still running.
 */
class PackageCrashTest {
    @TempDir
    Path dir;

    @Test
    void anUpgradeKilledMidInstallLeavesTheLibraryAsItWas() throws Exception {
        Path oldRepo = dir.resolve("old");
        Path newRepo = dir.resolve("new");
        TestPackages.build(dir.resolve("build"), oldRepo, "keepme", "1.0", "", "k <- function() 1", "k");
        TestPackages.build(dir.resolve("build"), newRepo, "keepme", "2.0", "", "k <- function() { 2 }\n"
                + "x <- { Sys.sleep(120); 1 }", "k");
        Path data = dir.resolve("data");
        List<String> before;
        try (EngineProcess engine = EngineProcess.start(data, 1)) {
            CompletableFuture<SQLException> upgrade;
            try (Connection c = connect(engine); Statement s = c.createStatement()) {
                s.execute("CALL SQLML.ADD_PACKAGE_REPOSITORY('old', '" + oldRepo + "')");
                s.execute("CALL SQLML.INSTALL_PACKAGE('keepme', 'SHARED')");
                s.execute("CALL SQLML.ADD_PACKAGE_REPOSITORY('new', '" + newRepo + "')");
            }
            before = TestPackages.listing(data.resolve("libraries/r/shared"));
            upgrade = CompletableFuture.supplyAsync(() -> {
                try (Connection c = connect(engine); Statement s = c.createStatement()) {
                    s.execute("CALL SQLML.UPGRADE_PACKAGE('keepme', 'SHARED')");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            try (Connection c = connect(engine)) {
                waitForInstallStep(c);
            }
            engine.kill();
            assertTrue(upgrade.get() != null, "the caller lost its connection");
        }
        assertEquals(List.of(), installsOf(data), "no R CMD INSTALL of the dead engine is left");
        try (Engine engine = Engine.start(EngineOptions.fromEnvironment(data, System.getenv())
                .withAdminPassword(TestEngines.ADMIN_PASSWORD)); Connection c = engine.connectAsAdmin();
             Statement s = c.createStatement()) {
            assertEquals(before, TestPackages.listing(engine.libraries().shared("R")));
            assertEquals("1.0", RuntimeLibrary.scan(engine.libraries().shared("R")).get("keepme").toString());
            assertFalse(Files.exists(engine.libraries().staging()) && TestPackages.listing(engine.libraries().staging())
                    .size() > 0, "staging is empty");
            try (ResultSet rs = s.executeQuery("SELECT VERSION FROM SQLML.EXTERNAL_LIBRARIES WHERE NAME = 'keepme'")) {
                assertTrue(rs.next());
                assertEquals("1.0", rs.getString(1));
            }
            try (ResultSet rs = s.executeQuery("SELECT STATUS, MESSAGE FROM SQLML.PACKAGE_OPERATIONS"
                    + " WHERE ACTION = 'UPGRADE'")) {
                assertTrue(rs.next());
                assertEquals("FAILED", rs.getString(1));
                assertTrue(rs.getString(2).startsWith("interrupted: the engine stopped"), rs.getString(2));
            }
        }
    }

    private static Connection connect(EngineProcess engine) throws SQLException {
        return DriverManager.getConnection(engine.url(), "admin", TestEngines.ADMIN_PASSWORD);
    }

    private static void waitForInstallStep(Connection c) throws Exception {
        for (int i = 0; i < 1200; i++) {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM"
                    + " SQLML.PACKAGE_OPERATIONS WHERE ACTION = 'UPGRADE' AND STATUS = 'RUNNING'"
                    + " AND CURRENT_STEP LIKE 'installing keepme%'")) {
                rs.next();
                if (rs.getInt(1) == 1) {
                    Thread.sleep(1500); // R CMD INSTALL is now inside the package's slow code
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the upgrade never reached its install step");
    }

    /** Processes whose command line installs into this data directory's staging area. */
    private static List<String> installsOf(Path data) throws Exception {
        List<String> found = new ArrayList<>();
        String staging = data.resolve("package-staging").toString();
        for (int attempt = 0; attempt < 50; attempt++) {
            found.clear();
            ProcessHandle.allProcesses().forEach(p -> p.info().commandLine()
                    .filter(cmd -> cmd.contains(staging)).ifPresent(found::add));
            if (found.isEmpty()) {
                return found;
            }
            Thread.sleep(100);
        }
        return found;
    }
}
