package io.satellite.packagemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine that stopped in the middle of a package operation (its log row still RUNNING,
 * the library half-changed, a staging area left behind) is put right on the next start: the
 * operation is marked failed, the staging area removed, and the library rebuilt from the
 * database. (Killing a real engine with kill -9 mid-install is the reliability suite's.)
 */
class PackageRecoveryTest {
    private static final String PW = "recovery-test-pw";
    @TempDir
    Path dir;

    @Test
    void anInterruptedOperationIsRolledBackToTheDatabaseOnTheNextStart() throws Exception {
        Path repo = dir.resolve("repo");
        TestPackages.build(dir.resolve("build"), repo, "keepme", "1.0", "", "k <- function() 5", "k");
        EngineOptions options = EngineOptions.fromEnvironment(dir.resolve("data"), System.getenv()).withAdminPassword(PW);
        Path shared;
        Path staging;
        try (Engine engine = Engine.start(options); Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.ADD_PACKAGE_REPOSITORY('repo', '" + repo + "')");
            s.execute("CALL SQLML.INSTALL_PACKAGE('keepme', 'SHARED')");
            s.execute("INSERT INTO SQLML.PACKAGE_OPERATION_LOG (USER_NAME, ACTION, PACKAGES, LANGUAGE, SCOPE, STATUS,"
                    + " STARTED_AT) VALUES ('ADMIN', 'UPGRADE', 'keepme', 'R', 'SHARED', 'RUNNING', CURRENT_TIMESTAMP)");
            shared = engine.libraries().shared("R");
            staging = engine.libraries().staging();
        }
        // the state a crash between "move aside" and "commit" leaves: the package gone from the library
        Path half = staging.resolve("operation-99").resolve("replaced");
        Files.createDirectories(half);
        Files.move(shared.resolve("keepme"), half.resolve("keepme"));
        Files.createDirectories(shared.resolve("halfcopied"));

        try (Engine engine = Engine.start(options); Connection c = engine.connectAsAdmin()) {
            assertEquals(List.of("keepme"), TestPackages.listing(shared));
            assertFalse(Files.exists(staging.resolve("operation-99")), "the staging area is removed");
            List<String> ops = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT ACTION, STATUS, MESSAGE"
                    + " FROM SQLML.PACKAGE_OPERATIONS ORDER BY OPERATION_ID")) {
                while (rs.next()) {
                    ops.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
            assertTrue(ops.get(1).startsWith("UPGRADE FAILED interrupted: the engine stopped"), ops.toString());
            assertTrue(ops.get(2).startsWith("RECOVER SUCCEEDED synced: restored keepme 1.0"), ops.toString());
            assertTrue(ops.get(2).contains("removed unrecorded halfcopied"), ops.toString());
        }
    }
}
