package io.satellite.engine.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sp_execute_external_script through Derby's network server and client driver. */
class NetworkServerTest {
    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void clientDriverRunsScriptsAndSeesTypesMessagesAndErrors() throws Exception {
        try (Engine engine = TestEngines.startEnabled(dir.resolve("data"));
             NetworkServer server = NetworkServer.start(engine, "127.0.0.1", freePort(),
                     new PrintWriter(new StringWriter()))) {
            String url = server.clientUrl();
            assertTrue(url.startsWith("jdbc:derby://127.0.0.1:"), url);
            SQLException noPassword = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
            assertEquals("08004", noPassword.getSQLState(), noPassword.getMessage());

            try (Connection c = DriverManager.getConnection(url, "admin", TestEngines.ADMIN_PASSWORD)) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE SALES (REGION VARCHAR(10), AMOUNT DECIMAL(10,2), DAY DATE)");
                    s.execute("INSERT INTO SALES VALUES ('north', 10.50, '2026-01-02'), ('south', 20.25, NULL),"
                            + " ('north', 1.25, '2026-01-03')");
                }
                try (CallableStatement cs = c.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', ?, ?,"
                        + " NULL, NULL, NULL, '((region VARCHAR(10), total DECIMAL(10,2)))')")) {
                    cs.setString(1, "cat('regions:', length(unique(InputDataSet$REGION)), '\\n')\n"
                            + "OutputDataSet <- aggregate(AMOUNT ~ REGION, InputDataSet, sum)");
                    cs.setString(2, "SELECT REGION, AMOUNT FROM SALES");
                    assertTrue(cs.execute());
                    List<String> messages = new ArrayList<>();
                    for (SQLWarning w = cs.getWarnings(); w != null; w = w.getNextWarning()) {
                        messages.add(w.getMessage());
                    }
                    try (ResultSet rs = cs.getResultSet()) {
                        assertEquals("region", rs.getMetaData().getColumnName(1));
                        assertTrue(rs.next());
                        // over the network, printed output arrives with the first row
                        for (SQLWarning w = rs.getWarnings(); w != null; w = w.getNextWarning()) {
                            messages.add(w.getMessage());
                        }
                        assertTrue(messages.contains("regions: 2 "), messages.toString());
                        assertEquals("north", rs.getString(1));
                        assertEquals(new java.math.BigDecimal("11.75"), rs.getBigDecimal(2));
                        assertTrue(rs.next());
                        assertEquals("south", rs.getString(1));
                        assertEquals(new java.math.BigDecimal("20.25"), rs.getBigDecimal(2));
                        assertTrue(!rs.next());
                    }
                }
                SQLException rError = assertThrows(SQLException.class, () -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', 'stop(''no such model'')',"
                                + " NULL, NULL, NULL, NULL, NULL)");
                    }
                });
                // Derby's network server ships routine errors as 38000 with our state and text inside
                assertEquals("38000", rError.getSQLState());
                assertTrue(rError.getMessage().contains("38S01: Error in R script: no such model"), rError.getMessage());
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM SALES")) {
                    assertTrue(rs.next());
                    assertEquals(3, rs.getInt(1));
                }
            }
        }
    }
}
