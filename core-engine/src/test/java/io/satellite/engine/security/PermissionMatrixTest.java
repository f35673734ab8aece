package io.satellite.engine.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import io.satellite.engine.server.NetworkServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of principal against each guarded action, through the embedded driver and
 * through the network server: run a script, install private and shared packages, see other
 * users' jobs, change configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PermissionMatrixTest {
    static final String PASSWORD = "password-1";
    @TempDir
    static Path dir;
    private Engine engine;
    private NetworkServer server;

    /** What each principal may do: run, install private, install shared, view others' jobs, configure. */
    private static final Map<String, boolean[]> EXPECTED = Map.of(
            "ADMIN", new boolean[] {true, true, true, true, true},
            "ALICE", new boolean[] {true, true, true, true, true},      // SQLML_ADMIN member
            "GRANTED", new boolean[] {true, true, false, false, false}, // granted directly, RPKGS_PRIVATE
            "VIAROLE", new boolean[] {true, true, true, false, false},  // through role ANALYSTS (RPKGS_SHARED)
            "DENIED", new boolean[] {false, true, true, false, false},  // ANALYSTS, but DENY to the user
            "NOBODY", new boolean[] {false, false, false, false, false}); // RPKGS_USERS only

    @BeforeAll
    void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        try (Connection a = engine.connectAsAdmin()) {
            for (String user : List.of("ALICE", "GRANTED", "VIAROLE", "DENIED", "NOBODY")) {
                Sql.call(a, "CALL SQLML.CREATE_USER(?, ?)", user.toLowerCase(), PASSWORD);
            }
            Sql.call(a, "CALL SQLML.ADD_ROLE_MEMBER('SQLML_ADMIN', 'alice')");
            Sql.call(a, "CALL SQLML.CREATE_ROLE('analysts')");
            Sql.call(a, "CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'analysts')");
            Sql.call(a, "CALL SQLML.ADD_ROLE_MEMBER('analysts', 'viarole')");
            Sql.call(a, "CALL SQLML.ADD_ROLE_MEMBER('analysts', 'denied')");
            Sql.call(a, "CALL SQLML.DENY_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'denied')");
            Sql.call(a, "CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'granted')");
            Sql.call(a, "CALL SQLML.ADD_ROLE_MEMBER('RPKGS_PRIVATE', 'granted')");
            Sql.call(a, "CALL SQLML.ADD_ROLE_MEMBER('RPKGS_SHARED', 'analysts')");
            Sql.call(a, "CALL SQLML.ADD_ROLE_MEMBER('RPKGS_USERS', 'nobody')");
            Sql.runScript(a);
        }
        try (Connection g = engine.connect("granted", PASSWORD)) {
            Sql.runScript(g);
        }
        engine.flushHistory();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = NetworkServer.start(engine, "127.0.0.1", port, new PrintWriter(new StringWriter()));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        engine.close();
    }

    Stream<Arguments> principals() {
        List<Arguments> out = new ArrayList<>();
        for (String path : List.of("embedded", "network")) {
            for (String user : List.of("ADMIN", "ALICE", "GRANTED", "VIAROLE", "DENIED", "NOBODY")) {
                out.add(Arguments.of(path, user));
            }
        }
        return out.stream();
    }

    private Connection connect(String path, String user) throws SQLException {
        String password = user.equals("ADMIN") ? TestEngines.ADMIN_PASSWORD : PASSWORD;
        return path.equals("embedded") ? engine.connect(user, password)
                : DriverManager.getConnection(server.clientUrl(), user, password);
    }

    @ParameterizedTest(name = "{1} via {0}")
    @MethodSource("principals")
    void eachPrincipalMayDoExactlyWhatItWasGiven(String path, String user) throws Exception {
        boolean[] expected = EXPECTED.get(user);
        try (Connection c = connect(path, user)) {
            boolean[] actual = {
                    mayRunScript(c) & mayRunTsql(c),
                    has(c, "INSTALL PRIVATE PACKAGES"),
                    has(c, "INSTALL SHARED PACKAGES"),
                    seesOthersJobs(c),
                    mayConfigure(c)};
            String[] actions = {"run a script (CALL and T-SQL EXEC agree)", "install private packages", "install shared packages",
                    "see other users' jobs", "change configuration"};
            for (int i = 0; i < actions.length; i++) {
                assertEquals(expected[i], actual[i], user + " via " + path + ": " + actions[i]);
            }
        }
    }

    /** The effective-permission explanation agrees with what each principal could do above, and names the way. */
    @org.junit.jupiter.api.Test
    void effectivePermissionsExplainEachAnswer() throws Exception {
        Map<String, String> via = new java.util.HashMap<>(Map.of("ADMIN", "SQLML_ADMIN", "ALICE", "SQLML_ADMIN",
                "GRANTED", "GRANTED", "VIAROLE", "ANALYSTS", "DENIED", "DENIED"));
        try (Connection a = engine.connectAsAdmin()) {
            List<List<Object>> rows = Sql.rows(a, "SELECT PRINCIPAL, ALLOWED, VIA, REASON FROM TABLE"
                    + " (SQLML.EFFECTIVE_PERMISSIONS()) T WHERE PERMISSION_NAME = 'EXECUTE ANY EXTERNAL SCRIPT'");
            for (String user : EXPECTED.keySet()) {
                List<Object> row = rows.stream().filter(r -> r.get(0).equals(user)).findFirst().orElseThrow(
                        () -> new AssertionError(user + " is missing from " + rows));
                assertEquals(EXPECTED.get(user)[0] ? 1 : 0, ((Number) row.get(1)).intValue(), user + ": " + row);
                assertEquals(via.get(user), row.get(2), user + ": " + row);
            }
            String denied = rows.stream().filter(r -> r.get(0).equals("DENIED")).findFirst().orElseThrow().get(3).toString();
            assertTrue(denied.contains("DENY wins over GRANT"), denied);
            List<List<Object>> shared = Sql.rows(a, "SELECT ALLOWED, VIA FROM TABLE (SQLML.EFFECTIVE_PERMISSIONS()) T"
                    + " WHERE PRINCIPAL = 'VIAROLE' AND PERMISSION_NAME = 'INSTALL SHARED PACKAGES'");
            assertEquals(List.of(List.of(1, "RPKGS_SHARED")), shared);
        }
        try (Connection n = engine.connect("nobody", PASSWORD)) {
            List<List<Object>> own = Sql.rows(n, "SELECT DISTINCT PRINCIPAL FROM TABLE (SQLML.EFFECTIVE_PERMISSIONS()) T");
            assertEquals(List.of(List.of("NOBODY")), own, "a non-administrator sees only their own rows");
        }
    }

    private static boolean mayRunScript(Connection c) throws SQLException {
        try {
            assertEquals(42, Sql.runScript(c));
            return true;
        } catch (SQLException e) {
            Sql.assertRefusal(e, "EXECUTE ANY EXTERNAL SCRIPT");
            return false;
        }
    }

    private static boolean mayRunTsql(Connection c) throws SQLException {
        io.satellite.engine.sql.BatchOutput out = new io.satellite.engine.sql.BatchOutput();
        try {
            new io.satellite.engine.sql.SqlSession(c).execute("EXEC sp_execute_external_script @language = N'R',"
                    + " @script = N'OutputDataSet <- data.frame(x = 6L * 7L)'", out);
            assertEquals(List.of(List.of(42)), out.table(0).rows());
            return true;
        } catch (SQLException e) {
            Sql.assertRefusal(e.getCause() instanceof SQLException s ? s : e, "EXECUTE ANY EXTERNAL SCRIPT");
            return false;
        }
    }

    private static boolean has(Connection c, String permission) throws SQLException {
        return ((Number) Sql.value(c, "VALUES SQLML.HAS_PERMISSION(?)", permission)).intValue() == 1;
    }

    private static boolean seesOthersJobs(Connection c) throws SQLException {
        Number others = (Number) Sql.value(c, "SELECT COUNT(*) FROM SQLML.EXTERNAL_SCRIPT_HISTORY_V"
                + " WHERE USER_NAME <> SESSION_USER");
        return others.intValue() > 0;
    }

    private static boolean mayConfigure(Connection c) throws SQLException {
        try {
            Sql.call(c, "CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
            return true;
        } catch (SQLException e) {
            Sql.assertRefusal(e, "only administrators");
            return false;
        }
    }
}
