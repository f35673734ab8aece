package io.satellite.engine.launchpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third language is a configuration change plus a launcher script: registered with
 * SQLML.CREATE_EXTERNAL_LANGUAGE, it runs scripts after the engine restarts. The launcher
 * here is a copy of the Python one, registered under another name.
 */
class ExternalLanguageTest {
    @TempDir
    Path dir;

    private static int run(Connection c, String language) throws SQLException {
        try (CallableStatement cs = c.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, 'OutputDataSet ="
                + " InputDataSet * 6', 'SELECT 7 AS X FROM SYSIBM.SYSDUMMY1', NULL, NULL, NULL, NULL)")) {
            cs.setString(1, language);
            cs.execute();
            try (ResultSet rs = cs.getResultSet()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A copy of the Python launcher, to register under another name. */
    private Path pandasLauncher() throws java.io.IOException {
        Path launcher = dir.resolve("pandas-launcher.py");
        try (InputStream in = ColdStartLaunchpad.class.getResourceAsStream("worker.py")) {
            Files.copy(in, launcher);
        }
        return launcher;
    }

    @Test
    void aRegisteredLanguageRunsAfterARestartAndGoesWhenDropped() throws Exception {
        Path launcher = pandasLauncher();
        Path data = dir.resolve("data");
        try (Engine engine = TestEngines.startEnabled(data); Connection admin = engine.connectAsAdmin();
             Statement s = admin.createStatement()) {
            s.execute("CALL SQLML.CREATE_USER('bob', 'bob-password')");
            try (Connection bob = engine.connect("bob", "bob-password"); Statement b = bob.createStatement()) {
                SQLException e = assertThrows(SQLException.class, () -> b.execute("CALL"
                        + " SQLML.CREATE_EXTERNAL_LANGUAGE('Pandas', '/usr/bin/python3 -u', '" + launcher + "')"));
                assertTrue(e.getMessage().contains("only administrators"), e.getMessage());
            }
            SQLException missing = assertThrows(SQLException.class, () -> s.execute("CALL"
                    + " SQLML.CREATE_EXTERNAL_LANGUAGE('Pandas', '/usr/bin/python3 -u', '/no/such/launcher.py')"));
            assertEquals("38S07", missing.getSQLState());
            s.execute("CALL SQLML.CREATE_EXTERNAL_LANGUAGE('Pandas', '/usr/bin/python3 -u {launcher}', '"
                    + launcher + "')");
            assertTrue(s.getWarnings().getMessage().contains("once the engine restarts"), s.getWarnings().getMessage());
            SQLException notYet = assertThrows(SQLException.class, () -> run(admin, "Pandas"));
            assertEquals("38S03", notYet.getSQLState(), notYet.getMessage());
        }
        try (Engine engine = TestEngines.start(data); Connection admin = engine.connectAsAdmin()) {
            assertEquals(42, run(admin, "Pandas"));
            assertEquals(42, run(admin, "Python"), "the built-in languages are still there");
            try (Statement s = admin.createStatement()) {
                s.execute("CALL SQLML.DROP_EXTERNAL_LANGUAGE('pandas')");
            }
        }
        try (Engine engine = TestEngines.start(data); Connection admin = engine.connectAsAdmin()) {
            SQLException gone = assertThrows(SQLException.class, () -> run(admin, "Pandas"));
            assertEquals("38S03", gone.getSQLState(), gone.getMessage());
        }
    }

    /**
     * In a container whose seccomp filter refuses keyctl (Docker's default one does, with EPERM)
     * a worker cannot leave the engine's session keyring, nor can its job reach it: the job runs.
     * Here the registered language's command starts the launcher under such a filter, put in
     * place by a small Python wrapper in the launchers directory (which the sandbox shows).
     */
    @Test
    void aWorkerRunsWhereASeccompFilterRefusesKeyrings() throws Exception {
        Path launcher = pandasLauncher();
        Path data = dir.resolve("data");
        Path wrapper = data.resolve("launchers").resolve("refuse-keyrings.py");
        try (Engine engine = TestEngines.startEnabled(data); Connection admin = engine.connectAsAdmin();
             Statement s = admin.createStatement()) {
            Files.writeString(wrapper, String.join("\n",
                    "import ctypes, os, platform, struct, sys",
                    "keyctl = {'x86_64': 250, 'aarch64': 219}[platform.machine()]",
                    "def op(code, jt, jf, k):",
                    "    return struct.pack('HBBI', code, jt, jf, k)",
                    "# load the syscall number; keyctl: EPERM; anything else: allowed",
                    "prog = op(0x20, 0, 0, 0) + op(0x15, 0, 1, keyctl) + op(0x06, 0, 0, 0x00050001) + op(0x06, 0, 0, 0x7fff0000)",
                    "buf = ctypes.create_string_buffer(prog)",
                    "class Prog(ctypes.Structure):",
                    "    _fields_ = [('len', ctypes.c_ushort), ('filter', ctypes.c_void_p)]",
                    "libc = ctypes.CDLL(None, use_errno=True)",
                    "assert libc.prctl(38, 1, 0, 0, 0) == 0                   # PR_SET_NO_NEW_PRIVS",
                    "assert libc.prctl(22, 2, ctypes.byref(Prog(4, ctypes.addressof(buf))), 0, 0) == 0, ctypes.get_errno()",
                    "os.execv(sys.argv[1], sys.argv[1:])", ""));
            s.execute("CALL SQLML.CREATE_EXTERNAL_LANGUAGE('Contained', '/usr/bin/python3 " + wrapper
                    + " /usr/bin/python3 -u {launcher}', '" + launcher + "')");
        }
        try (Engine engine = TestEngines.start(data); Connection admin = engine.connectAsAdmin()) {
            assertTrue(Files.exists(wrapper), "the wrapper stays in the launchers directory");
            assertEquals(42, run(admin, "Contained"));
        }
    }

    /**
     * Where each worker has a uid of its own (a root engine), so does a registered language's:
     * its launcher cannot switch uid after a fork, so its pool holds whole runtimes started
     * ahead, each leased a uid, and the diagnostics say so.
     */
    @Test
    void aRegisteredLanguagesWorkersEachRunAsAUidOfTheirOwn() throws Exception {
        Path launcher = pandasLauncher();
        Path data = dir.resolve("data");
        try (Engine engine = TestEngines.startEnabled(data); Connection admin = engine.connectAsAdmin();
             Statement s = admin.createStatement()) {
            s.execute("CALL SQLML.CREATE_EXTERNAL_LANGUAGE('Pandas', '/usr/bin/python3 -u {launcher}', '" + launcher + "')");
        }
        try (Engine engine = TestEngines.start(data); Connection admin = engine.connectAsAdmin()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(engine.confinement().uidPerWorker(),
                    "workers get no uid of their own here: " + engine.confinement().whyNoUidPerWorker());
            PooledLaunchpad launchpad = (PooledLaunchpad) engine.launchpad();
            for (int i = 0; i < 100 && launchpad.readyWorkers("Pandas") == 0; i++) {
                Thread.sleep(100);
            }
            assertTrue(launchpad.readyWorkers("Pandas") > 0, "the registered language has ready workers");
            var feature = launchpad.uidPerWorker();
            assertTrue(feature.enforced(), feature.toString());
            assertTrue(feature.detail().contains("Pandas (a registered language: its launcher is not known to switch uid)"
                    + " are whole runtimes started ahead"), feature.detail());

            WorkerAccounts accounts = engine.confinement().workerUids();
            java.util.Set<Integer> uids = new java.util.HashSet<>();
            for (int i = 0; i < 3; i++) {
                try (CallableStatement cs = admin.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('Pandas',"
                        + " 'import os\nimport pandas as pd\nOutputDataSet = pd.DataFrame({\"U\": [os.getuid()]})', NULL, NULL, NULL, NULL, NULL)")) {
                    cs.execute();
                    try (ResultSet rs = cs.getResultSet()) {
                        rs.next();
                        int uid = rs.getInt(1);
                        assertTrue(uid >= accounts.first() && uid < accounts.first() + accounts.count(),
                                "job " + i + " ran as uid " + uid + ", not one of " + accounts);
                        uids.add(uid);
                    }
                }
            }
            assertEquals(3, uids.size(), "each job had a uid of its own: " + uids);
        }
    }
}
