package io.satellite.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalScriptSmokeTest {
    @TempDir
    Path dir;

    @Test
    void rowsGoThroughR() throws Exception {
        try (Engine engine = TestEngines.startEnabled(dir.resolve("data"));
             Connection c = engine.connectAsAdmin()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE T (ID INT, NAME VARCHAR(20))");
                s.execute("INSERT INTO T VALUES (1, 'a'), (2, 'b'), (3, NULL)");
            }
            try (CallableStatement cs = c.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?,?,?,?,?,?,?)")) {
                cs.setString(1, "R");
                cs.setString(2, "print('hello'); OutputDataSet <- data.frame(id2 = InputDataSet$ID * 2L, n = InputDataSet$NAME)");
                cs.setString(3, "SELECT * FROM T ORDER BY ID");
                cs.setString(4, null);
                cs.setString(5, null);
                cs.setString(6, null);
                cs.setString(7, null);
                assertTrue(cs.execute());
                for (SQLWarning w = cs.getWarnings(); w != null; w = w.getNextWarning()) {
                    System.out.println("WARNING " + w.getSQLState() + " " + w.getMessage());
                }
                ResultSet rs = cs.getResultSet();
                System.out.println(rs.getMetaData().getColumnName(1) + " " + rs.getMetaData().getColumnTypeName(1));
                int n = 0;
                while (rs.next()) {
                    n++;
                    System.out.println(rs.getInt(1) + " " + rs.getString(2));
                }
                assertEquals(3, n);
            }
        }
    }
}
