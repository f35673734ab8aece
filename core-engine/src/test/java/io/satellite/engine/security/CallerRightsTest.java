package io.satellite.engine.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import io.satellite.engine.server.NetworkServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A script never sees data its caller could not read: the input query runs with the
 * caller's rights, and a script has no way back into the database (no database files in its
 * sandbox, no network to the server). Each refusal is audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CallerRightsTest {
    @TempDir
    static Path dir;
    private Engine engine;
    private NetworkServer server;
    private int port;

    @BeforeAll
    void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = NetworkServer.start(engine, "127.0.0.1", port, new PrintWriter(new StringWriter()));
        try (Connection admin = engine.connectAsAdmin()) {
            Sql.call(admin, "CREATE TABLE SALARIES (NAME VARCHAR(20), SALARY INT)");
            Sql.call(admin, "INSERT INTO SALARIES VALUES ('ann', 91000), ('bo', 87000)");
            Sql.call(admin, "CALL SQLML.CREATE_USER('eve', 'eve-password')");
            Sql.call(admin, "CALL SQLML.GRANT_PERMISSION('EXECUTE ANY EXTERNAL SCRIPT', 'eve')");
        }
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
        engine.close();
    }

    private static String script(Connection c, String script, String inputQuery) throws SQLException {
        try (CallableStatement cs = c.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', ?, ?, NULL, NULL,"
                + " NULL, NULL)")) {
            cs.setString(1, script);
            cs.setString(2, inputQuery);
            cs.execute();
            try (ResultSet rs = cs.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void theInputQueryRunsWithTheCallersRights() throws Exception {
        try (Connection eve = engine.connect("eve", "eve-password")) {
            SQLException e = assertThrows(SQLException.class, () -> script(eve,
                    "OutputDataSet <- data.frame(total = sum(InputDataSet$SALARY))", "SELECT * FROM ADMIN.SALARIES"));
            assertEquals("38S05", e.getSQLState(), e.getMessage());
            assertTrue(e.getMessage().contains("does not have SELECT permission"), e.getMessage());
        }
        engine.flushHistory();
        try (Connection admin = engine.connectAsAdmin()) {
            List<List<Object>> audit = Sql.rows(admin, "SELECT OUTCOME, DETAIL FROM SQLML.AUDIT WHERE PRINCIPAL = 'EVE'"
                    + " AND ACTION = 'EXECUTE EXTERNAL SCRIPT' AND INPUT_QUERY = 'SELECT * FROM ADMIN.SALARIES'");
            assertEquals(1, audit.size(), audit.toString());
            assertEquals("FAILED", audit.get(0).get(0));
            assertTrue(String.valueOf(audit.get(0).get(1)).contains("does not have SELECT permission"), audit.toString());

            Sql.call(admin, "GRANT SELECT ON SALARIES TO eve");
        }
        try (Connection eve = engine.connect("eve", "eve-password")) {
            assertEquals("178000", script(eve, "OutputDataSet <- data.frame(total = as.character(sum("
                    + "InputDataSet$SALARY)))", "SELECT * FROM ADMIN.SALARIES"), "once granted, the same query works");
        }
        try (Connection admin = engine.connectAsAdmin()) {
            Sql.call(admin, "REVOKE SELECT ON SALARIES FROM eve");
        }
    }

    @Test
    void aScriptCannotReachTheDatabaseBehindItsCaller() throws Exception {
        Path files = engine.dataDirectory().resolve(Engine.DATABASE_NAME);
        String probe = """
                out <- character(0)
                out <- c(out, tryCatch({ readLines(file.path('%s', 'service.properties')); 'read database files' },
                        error = function(e) 'no database files', warning = function(w) 'no database files'))
                out <- c(out, tryCatch({ con <- socketConnection('127.0.0.1', %d, open = 'r+b', timeout = 2)
                        close(con); 'connected to the server' },
                        error = function(e) 'no server', warning = function(w) 'no server'))
                OutputDataSet <- data.frame(outcome = paste(out, collapse = ', '))
                """.formatted(files.toString().replace("\\", "/"), port);
        try (Connection eve = engine.connect("eve", "eve-password")) {
            assertEquals("no database files, no server", script(eve, probe, null));
        }
        // The server itself is up: the script was kept away from it, not the other way round.
        try (Connection viaNetwork = java.sql.DriverManager.getConnection(server.clientUrl(), "eve", "eve-password")) {
            assertEquals("1", String.valueOf(Sql.value(viaNetwork, "VALUES 1")));
        }
    }
}
