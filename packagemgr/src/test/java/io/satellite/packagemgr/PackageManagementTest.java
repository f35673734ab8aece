package io.satellite.packagemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.sql.SqlSession;
import io.satellite.engine.sql.StatementListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Package management end to end, on a real engine with real R: tarballs built here with
 * {@code R CMD build}, a CRAN-layout repository indexed by {@code tools::write_PACKAGES}
 * and a plain folder of tarballs, installs with {@code R CMD INSTALL} in the sandbox, and
 * scripts that load what was installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageManagementTest {
    private static final String PW = "pkg-test-pw";
    @TempDir
    static Path dir;
    private Engine engine;
    private Connection admin;
    private Path shared;
    private Path cran;
    private Path folder;

    @BeforeAll
    void start() throws Exception {
        Path work = dir.resolve("build");
        cran = dir.resolve("cran");
        Path contrib = cran.resolve("src").resolve("contrib");
        TestPackages.build(work, contrib, "chainc", "1.0", "", "cval <- function() 3", "cval");
        TestPackages.build(work, contrib, "chainb", "1.1", "Imports: chainc", "bval <- function() chainc::cval() * 10",
                "bval");
        TestPackages.build(work, contrib, "chaina", "1.0", "Depends: chainb (>= 1.1)", "aval <- function() bval() + 1",
                "aval");
        TestPackages.build(work, contrib, "needsnew", "1.0", "Imports: chainc (>= 2.0)", "n <- function() 1", "n");
        TestPackages.build(work, contrib, "orphan", "1.0", "Imports: nosuchpkg", "o <- function() 1", "o");
        TestPackages.build(work, contrib, "brokenpkg", "1.0", "", "stop('brokenpkg cannot be loaded')", "");
        TestPackages.build(work, contrib, "privpkg", "1.0", "", "secret <- function() 42", "secret");
        TestPackages.writeIndex(contrib);
        folder = dir.resolve("folder");
        TestPackages.build(work, folder, "updpkg", "1.0", "", "ver <- function() 1", "ver");

        engine = Engine.start(EngineOptions.fromEnvironment(dir.resolve("data"), System.getenv()).withAdminPassword(PW));
        admin = engine.connectAsAdmin();
        exec(admin, "CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)", "CALL SQLML.RECONFIGURE()");
        for (String u : List.of("ALICE", "BOB", "CAROL")) {
            exec(admin, "CALL SQLML.CREATE_USER('" + u + "', 'password-" + u + "')",
                    "CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', '" + u + "')");
        }
        exec(admin, "CALL SQLML.ADD_ROLE_MEMBER('RPKGS_PRIVATE', 'ALICE')", "CALL SQLML.ADD_ROLE_MEMBER('RPKGS_USERS', 'BOB')",
                "CALL SQLML.ADD_PACKAGE_REPOSITORY('cran', '" + cran + "')",
                "CALL SQLML.ADD_PACKAGE_REPOSITORY('folder', '" + folder + "')");
        shared = engine.libraries().shared("R");
    }

    @AfterAll
    void stop() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    @Order(1)
    void bothRepositoryLayoutsAreRead() throws Exception {
        List<String> offered = column(admin, "SELECT REPOSITORY || ':' || NAME || ' ' || VERSION FROM"
                + " TABLE(SQLML.AVAILABLE_PACKAGES()) P ORDER BY 1");
        assertTrue(offered.contains("cran:chaina 1.0"), offered.toString());
        assertTrue(offered.contains("cran:chainb 1.1"), offered.toString());
        assertTrue(offered.contains("folder:updpkg 1.0"), offered.toString());
        SQLException bad = assertThrows(SQLException.class, () -> exec(admin,
                "CALL SQLML.ADD_PACKAGE_REPOSITORY('empty', '" + dir.resolve("build") + "')"));
        assertTrue(bad.getMessage().contains("offers no packages"), bad.getMessage());
    }

    @Test
    @Order(2)
    void dryRunShowsTheChainInInstallOrder() throws Exception {
        List<String> plan = column(admin, "SELECT NAME || ' ' || VERSION || ' ' || ACTION FROM"
                + " TABLE(SQLML.PACKAGE_INSTALL_PLAN('chaina', 'SHARED')) P ORDER BY STEP");
        assertEquals(List.of("chainc 1.0 NEW", "chainb 1.1 NEW", "chaina 1.0 NEW"), plan);
        assertEquals(List.of(), TestPackages.listing(shared), "a dry run installs nothing");
    }

    @Test
    @Order(3)
    void chainInstallsInOrderIsRecordedAndScriptsLoadIt() throws Exception {
        SQLWarning outcome = call(admin, "CALL SQLML.INSTALL_PACKAGE('chaina', 'SHARED')");
        assertTrue(outcome.getMessage().contains("chainc 1.0, chainb 1.1, chaina 1.0"), outcome.getMessage());
        assertEquals(List.of("chaina", "chainb", "chainc"), TestPackages.listing(shared));
        assertEquals(List.of("chaina 1.0 SHARED", "chainb 1.1 SHARED", "chainc 1.0 SHARED"), column(admin,
                "SELECT NAME || ' ' || VERSION || ' ' || SCOPE FROM SQLML.EXTERNAL_LIBRARIES WHERE CONTENT_BYTES > 0"
                        + " AND LENGTH(CONTENT_SHA256) = 64 ORDER BY NAME"));
        String log = column(admin, "SELECT CAST(LOG AS VARCHAR(32000)) FROM SQLML.PACKAGE_OPERATIONS"
                + " WHERE ACTION = 'INSTALL' AND STATUS = 'SUCCEEDED' AND PACKAGES = 'chaina'").get(0);
        int c = log.indexOf("installing chainc"), b = log.indexOf("installing chainb"), a = log.indexOf("installing chaina");
        assertTrue(c >= 0 && c < b && b < a, log);
        assertTrue(log.contains("* DONE (chaina)"), "R CMD INSTALL's own output is kept: " + log);
        try (Connection bob = engine.connect("BOB", "password-BOB")) {
            assertEquals(31, runInt(bob, "library(chaina); OutputDataSet <- data.frame(v = as.integer(aval()))"));
        }
        try (Connection carol = engine.connect("CAROL", "password-CAROL")) {
            SQLException e = assertThrows(SQLException.class, () -> runInt(carol, "library(chaina)"));
            assertTrue(e.getMessage().contains("there is no package called"), "without rpkgs-users: " + e.getMessage());
        }
    }

    @Test
    @Order(4)
    void versionConflictIsRefusedAndNothingChanges() throws Exception {
        List<String> before = TestPackages.listing(shared);
        SQLException e = assertThrows(SQLException.class, () -> call(admin, "CALL SQLML.INSTALL_PACKAGE('needsnew', 'SHARED')"));
        assertTrue(e.getMessage().contains("version conflict for package 'chainc'") && e.getMessage().contains(">= 2.0"),
                e.getMessage());
        assertEquals(before, TestPackages.listing(shared));
    }

    @Test
    @Order(5)
    void missingDependencyIsRefusedByName() {
        SQLException e = assertThrows(SQLException.class, () -> call(admin, "CALL SQLML.INSTALL_PACKAGE('orphan', 'SHARED')"));
        assertTrue(e.getMessage().contains("missing dependency: package 'nosuchpkg'"), e.getMessage());
    }

    @Test
    @Order(6)
    void brokenPackageFailsAndLeavesTheLibraryAsItWas() throws Exception {
        List<String> before = TestPackages.listing(shared);
        List<String> records = column(admin, "SELECT NAME FROM SQLML.EXTERNAL_LIBRARIES ORDER BY NAME");
        SQLException e = assertThrows(SQLException.class, () -> call(admin, "CALL SQLML.INSTALL_PACKAGE('brokenpkg', 'SHARED')"));
        assertTrue(e.getMessage().contains("R CMD INSTALL of brokenpkg_1.0.tar.gz failed"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        assertEquals(before, TestPackages.listing(shared));
        assertEquals(records, column(admin, "SELECT NAME FROM SQLML.EXTERNAL_LIBRARIES ORDER BY NAME"));
        assertEquals(List.of(), TestPackages.listing(engine.libraries().staging()), "staging is cleaned up");
        String log = column(admin, "SELECT CAST(LOG AS VARCHAR(32000)) FROM SQLML.PACKAGE_OPERATIONS"
                + " WHERE PACKAGES = 'brokenpkg' AND STATUS = 'FAILED'").get(0);
        assertTrue(log.contains("brokenpkg cannot be loaded"), "R's error is in the operation's log: " + log);
    }

    @Test
    @Order(7)
    void privatePackagesAreSeenOnlyByTheirOwner() throws Exception {
        try (Connection alice = engine.connect("ALICE", "password-ALICE"); Connection bob = engine.connect("BOB", "password-BOB")) {
            call(alice, "CALL SQLML.INSTALL_PACKAGE('privpkg', 'PRIVATE')");
            assertEquals(42, runInt(alice, "library(privpkg); OutputDataSet <- data.frame(v = as.integer(secret()))"));
            assertEquals(31, runInt(alice, "library(chaina); OutputDataSet <- data.frame(v = as.integer(aval()))"),
                    "shared packages are seen after private ones");
            SQLException e = assertThrows(SQLException.class, () -> runInt(bob, "library(privpkg)"));
            assertTrue(e.getMessage().contains("there is no package called"), e.getMessage());
            assertTrue(column(bob, "SELECT NAME FROM SQLML.EXTERNAL_LIBRARIES").stream().noneMatch("privpkg"::equals));
            assertEquals(List.of("privpkg PRIVATE ALICE"), column(alice, "SELECT NAME || ' ' || SCOPE || ' ' || OWNER"
                    + " FROM SQLML.EXTERNAL_LIBRARIES WHERE SCOPE = 'PRIVATE'"));
            assertFalse(TestPackages.listing(shared).contains("privpkg"));
        }
    }

    @Test
    @Order(8)
    void usersWithoutThePackageRoleAreRefusedAndAudited() throws Exception {
        try (Connection carol = engine.connect("CAROL", "password-CAROL"); Connection alice = engine.connect("ALICE", "password-ALICE")) {
            SQLException e = assertThrows(SQLException.class, () -> call(carol, "CALL SQLML.INSTALL_PACKAGE('chainc', 'PRIVATE')"));
            assertTrue(e.getSQLState().equals("38S11") || e.getMessage().contains("38S11"), e.getSQLState());
            assertTrue(e.getMessage().contains("CAROL may not install packages into the private library"), e.getMessage());
            SQLException shared = assertThrows(SQLException.class,
                    () -> call(alice, "CALL SQLML.INSTALL_PACKAGE('chainc', 'SHARED')"));
            assertTrue(shared.getMessage().contains("ALICE may not install packages into the shared library"),
                    shared.getMessage());
        }
        engine.flushHistory();
        assertEquals(2, column(admin, "SELECT PRINCIPAL FROM SQLML.AUDIT WHERE ACTION = 'PACKAGE' AND OUTCOME = 'DENIED'"
                + " AND PRINCIPAL IN ('CAROL', 'ALICE')").size());
    }

    @Test
    @Order(9)
    void upgradeTakesTheNewerVersionFromAnotherRepository() throws Exception {
        call(admin, "CALL SQLML.INSTALL_PACKAGE('updpkg', 'SHARED')");
        Path newer = dir.resolve("newer");
        TestPackages.build(dir.resolve("build"), newer, "updpkg", "2.0", "", "ver <- function() 2", "ver");
        exec(admin, "CALL SQLML.ADD_PACKAGE_REPOSITORY('newer', '" + newer + "')");
        SQLWarning again = call(admin, "CALL SQLML.INSTALL_PACKAGE('updpkg', 'SHARED')");
        assertTrue(again.getMessage().contains("nothing to install"), "install keeps a satisfied version: " + again);
        call(admin, "CALL SQLML.UPGRADE_PACKAGE('updpkg', 'SHARED')");
        assertEquals(List.of("2.0"), column(admin, "SELECT VERSION FROM SQLML.EXTERNAL_LIBRARIES WHERE NAME = 'updpkg'"));
        try (Connection bob = engine.connect("BOB", "password-BOB")) {
            assertEquals(2, runInt(bob, "library(updpkg); OutputDataSet <- data.frame(v = as.integer(ver()))"));
        }
    }

    @Test
    @Order(10)
    void anUploadedTarballInstallsWithItsDependenciesFromTheRepositories() throws Exception {
        Path upload = TestPackages.build(dir.resolve("build"), dir.resolve("upload"), "uploaded", "0.5",
                "Imports: chainc", "u <- function() chainc::cval() + 100", "u");
        try (Connection alice = engine.connect("ALICE", "password-ALICE")) {
            call(alice, "CALL SQLML.INSTALL_PACKAGE_FILE('" + upload + "', 'PRIVATE')");
            assertEquals(103, runInt(alice, "library(uploaded); OutputDataSet <- data.frame(v = as.integer(u()))"));
        }
        SQLException notR = assertThrows(SQLException.class, () -> call(admin, "CALL SQLML.INSTALL_PACKAGE_FILE('"
                + dir.resolve("cran/src/contrib/PACKAGES") + "', 'SHARED')"));
        assertTrue(notR.getMessage().contains("not an R source package"), notR.getMessage());
    }

    @Test
    @Order(11)
    void syncRebuildsDeletedLibrariesFromTheDatabase() throws Exception {
        Path alicePrivate = engine.libraries().privateOf("R", "ALICE");
        List<String> sharedBefore = TestPackages.listing(shared);
        List<String> privateBefore = TestPackages.listing(alicePrivate);
        LibraryDirectory.deleteTree(shared);
        LibraryDirectory.deleteTree(alicePrivate);
        Files.createDirectories(shared.resolve("strayfolder"));
        call(admin, "CALL SQLML.SYNC_EXTERNAL_LIBRARIES()");
        assertEquals(sharedBefore, TestPackages.listing(shared));
        assertEquals(privateBefore, TestPackages.listing(alicePrivate));
        try (Connection alice = engine.connect("ALICE", "password-ALICE")) {
            assertEquals(31, runInt(alice, "library(chaina); OutputDataSet <- data.frame(v = as.integer(aval()))"));
            assertEquals(42, runInt(alice, "library(privpkg); OutputDataSet <- data.frame(v = as.integer(secret()))"));
        }
    }

    @Test
    @Order(12)
    void removeIsRefusedWhileNeededAndCascadeRemovesTheDependents() throws Exception {
        SQLException e = assertThrows(SQLException.class, () -> call(admin, "CALL SQLML.REMOVE_PACKAGE('chainb', 'SHARED', 0)"));
        assertTrue(e.getMessage().contains("needed by chaina 1.0 (shared)"), e.getMessage());
        SQLException other = assertThrows(SQLException.class,
                () -> call(admin, "CALL SQLML.REMOVE_PACKAGE('chainc', 'SHARED', 1)"));
        assertTrue(other.getMessage().contains("uploaded 0.5 (private library of ALICE)"), other.getMessage());
        call(admin, "CALL SQLML.REMOVE_PACKAGE('chainb', 'SHARED', 1)");
        assertFalse(TestPackages.listing(shared).contains("chaina"));
        assertFalse(TestPackages.listing(shared).contains("chainb"));
        assertTrue(TestPackages.listing(shared).contains("chainc"));
        assertEquals(List.of(), column(admin, "SELECT NAME FROM SQLML.EXTERNAL_LIBRARIES WHERE NAME IN ('chaina', 'chainb')"));
    }

    @Test
    @Order(13)
    void tsqlExternalLibraryStatementsInstallAndDrop() throws Exception {
        Path tarball = TestPackages.build(dir.resolve("build"), dir.resolve("tsql"), "tsqlpkg", "1.0", "",
                "t <- function() 7", "t");
        try (Connection alice = engine.connect("ALICE", "password-ALICE")) {
            SqlSession session = new SqlSession(alice);
            List<String> messages = new ArrayList<>();
            StatementListener listener = new StatementListener() {
                @Override
                public void warning(SQLWarning w) {
                    messages.add(w.getMessage());
                }

                @Override
                public void resultSet(ResultSet rs) {
                }

                @Override
                public void updateCount(long count) {
                }
            };
            session.execute("CREATE EXTERNAL LIBRARY tsqlpkg FROM (CONTENT = '" + tarball + "') WITH (LANGUAGE = 'R');",
                    listener);
            assertTrue(messages.toString().contains("installed into the private library of ALICE: tsqlpkg 1.0"),
                    messages.toString());
            assertEquals(7, runInt(alice, "library(tsqlpkg); OutputDataSet <- data.frame(v = as.integer(t()))"));
            SQLException wrongName = assertThrows(SQLException.class, () -> session.execute("CREATE EXTERNAL LIBRARY"
                    + " othername FROM (CONTENT = '" + tarball + "') WITH (LANGUAGE = 'R')", listener));
            assertTrue(wrongName.getMessage().contains("must be named as the package in its file, which is tsqlpkg"),
                    wrongName.getMessage());
            SQLException python = assertThrows(SQLException.class, () -> session.execute("CREATE EXTERNAL LIBRARY"
                    + " tsqlpkg FROM (CONTENT = '" + tarball + "') WITH (LANGUAGE = 'Python')", listener));
            assertTrue(python.getMessage().contains("Satellite manages R packages"), python.getMessage());
            session.execute("DROP EXTERNAL LIBRARY tsqlpkg", listener);
            assertFalse(TestPackages.listing(engine.libraries().privateOf("R", "ALICE")).contains("tsqlpkg"));
        }
    }

    @Test
    @Order(14)
    void theJavaApiReportsProgressStepByStep() throws Exception {
        List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        PackageProgress progress = new PackageProgress() {
            @Override
            public void step(int done, int total, String what) {
                steps.add(done + "/" + total + " " + what);
            }

            @Override
            public void log(String line) {
                lines.add(line);
            }
        };
        PackageManager manager = PackageManager.of(engine);
        InstallPlan plan = manager.plan("ALICE", List.of("chaina"), LibraryScope.PRIVATE, false);
        assertEquals(List.of("chainc", "chainb", "chaina"), plan.names());
        assertEquals(List.of("chainb", "chaina"), plan.toInstall().stream().map(PlannedPackage::name).toList(),
                "chainc is taken from the shared library");
        PackageManager.Outcome o = manager.install("ALICE", List.of("chaina"), LibraryScope.PRIVATE, progress,
                new java.util.concurrent.atomic.AtomicBoolean());
        assertEquals(List.of("chainb 1.1", "chaina 1.0"), o.changed());
        assertTrue(steps.get(0).startsWith("0/1 resolving dependencies of chaina"), steps.toString());
        assertTrue(steps.contains("0/2 installing chainb 1.1 (1 of 2)"), steps.toString());
        assertTrue(steps.contains("1/2 installing chaina 1.0 (2 of 2)"), steps.toString());
        assertTrue(steps.get(steps.size() - 1).startsWith("1/1 done: installed into the private library of ALICE"),
                steps.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("installing *source* package") && l.contains("chaina")),
                lines.toString());
        assertEquals(List.of("1/1 SUCCEEDED"), column(admin, "SELECT RTRIM(CHAR(STEPS_DONE)) || '/' || RTRIM(CHAR(STEPS_TOTAL))"
                + " || ' ' || STATUS FROM SQLML.PACKAGE_OPERATIONS WHERE OPERATION_ID = " + o.operationId()));
        assertTrue(column(admin, "SELECT CURRENT_STEP FROM SQLML.PACKAGE_OPERATIONS WHERE OPERATION_ID = "
                + o.operationId()).get(0).startsWith("done: installed into the private library of ALICE"));
    }

    @Test
    @Order(15)
    void aRunningInstallCanBeCancelledAndLeavesNothingBehind() throws Exception {
        TestPackages.build(dir.resolve("build"), folder, "slowpkg", "1.0", "", "x <- { Sys.sleep(60); 1 }", "");
        List<String> before = TestPackages.listing(shared);
        java.util.concurrent.CompletableFuture<SQLException> install = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
                s.execute("CALL SQLML.INSTALL_PACKAGE('slowpkg', 'SHARED')");
                return null;
            } catch (SQLException e) {
                return e;
            }
        });
        long id = 0;
        for (int i = 0; i < 600 && id == 0; i++) {
            List<String> ids = column(admin, "SELECT CHAR(OPERATION_ID) FROM SQLML.PACKAGE_OPERATIONS WHERE STATUS = 'RUNNING'"
                    + " AND PACKAGES = 'slowpkg' AND CURRENT_STEP LIKE 'installing%'");
            if (!ids.isEmpty()) {
                id = Long.parseLong(ids.get(0).trim());
            } else {
                Thread.sleep(100);
            }
        }
        assertTrue(id > 0, "the install is seen running");
        SQLWarning w = call(admin, "CALL SQLML.CANCEL_PACKAGE_OPERATION(" + id + ")");
        assertTrue(w.getMessage().contains("is being cancelled"), w.getMessage());
        SQLException failure = install.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(failure != null && failure.getMessage().contains("cancelled"), String.valueOf(failure));
        assertEquals(before, TestPackages.listing(shared));
        assertEquals(List.of(), TestPackages.listing(engine.libraries().staging()));
        assertEquals(List.of("FAILED"), column(admin, "SELECT STATUS FROM SQLML.PACKAGE_OPERATIONS WHERE OPERATION_ID = " + id));
    }

    @Test
    @Order(16)
    void anInstallRunsAsAUidOfItsOwnAndGivesItBack() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(engine.confinement().uidPerWorker(),
                "workers get no uid of their own here: " + engine.confinement().whyNoUidPerWorker());
        TestPackages.build(dir.resolve("build"), folder, "uidpkg", "1.0", "",
                "u <- { cat('install ran as uid', system('id -u', intern = TRUE), '\\n'); 1 }", "");
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        PackageProgress progress = new PackageProgress() {
            @Override
            public void step(int done, int total, String what) {
            }

            @Override
            public void log(String line) {
                lines.add(line);
            }
        };
        io.satellite.engine.launchpad.WorkerAccounts accounts = engine.confinement().workerUids();
        PackageManager.of(engine).install("ALICE", List.of("uidpkg"), LibraryScope.PRIVATE, progress,
                new java.util.concurrent.atomic.AtomicBoolean());
        String said = lines.stream().filter(l -> l.contains("install ran as uid")).findFirst()
                .orElseThrow(() -> new AssertionError("no uid line in " + lines));
        int uid = Integer.parseInt(said.replaceAll(".*install ran as uid\\s+(\\d+).*", "$1"));
        assertTrue(uid >= accounts.first() && uid < accounts.first() + accounts.count(),
                "uid " + uid + " is a worker uid of " + accounts);
        assertFalse(accounts.isLeased(uid), "the install's uid " + uid + " is given back");
    }

    // --- helpers -----------------------------------------------------------------------

    private static void exec(Connection c, String... sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Runs a CALL and returns its first warning (the outcome message). */
    private static SQLWarning call(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
            SQLWarning w = s.getWarnings();
            if (w == null) {
                throw new AssertionError("no outcome message for " + sql);
            }
            return w;
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static int runInt(Connection c, String script) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '" + script.replace("'", "''")
                    + "', NULL, NULL, NULL, NULL, NULL)");
            try (ResultSet rs = s.getResultSet()) {
                if (rs == null || !rs.next()) {
                    throw new AssertionError("no rows from " + script);
                }
                return rs.getInt(1);
            }
        }
    }
}
