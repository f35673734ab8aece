package io.satellite.engine.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No rows in, no input at all, and no output: what R sees and what the caller gets. */
class EmptyInputTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    static final String EMPTY_QUERY = "SELECT * FROM TYPES WHERE 1 = 0";

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        conn = engine.connectAsAdmin();
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE TYPES (I INT, S SMALLINT, B BIGINT, D DOUBLE, F REAL, M DECIMAL(10,2),"
                    + " V VARCHAR(20), C CHAR(3), L BOOLEAN, DT DATE, TS TIMESTAMP, VB VARCHAR(16) FOR BIT DATA, BL BLOB)");
            s.execute("INSERT INTO TYPES (I, V) VALUES (1, 'not selected')");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void zeroRowQueryGivesTypedZeroRowDataFrame() throws Exception {
        ScriptCalls.Table t = ScriptCalls.r(conn, """
                OutputDataSet <- data.frame(col = names(InputDataSet),
                  cls = vapply(InputDataSet, function(x) paste(class(x), collapse = "/"), ""),
                  n = nrow(InputDataSet), isdf = is.data.frame(InputDataSet), stringsAsFactors = FALSE)
                """, EMPTY_QUERY).rows();
        Map<String, String> classes = new LinkedHashMap<>();
        for (List<Object> row : t.rows()) {
            classes.put((String) row.get(0), (String) row.get(1));
            assertEquals(0, row.get(2), "nrow(InputDataSet)");
            assertEquals(true, row.get(3), "is.data.frame(InputDataSet)");
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (String c : List.of("I", "S")) {
            expected.put(c, "integer");
        }
        for (String c : List.of("B", "D", "F", "M")) {
            expected.put(c, "numeric");
        }
        expected.put("V", "character");
        expected.put("C", "character");
        expected.put("L", "logical");
        expected.put("DT", "Date");
        expected.put("TS", "POSIXct/POSIXt");
        expected.put("VB", "AsIs");
        expected.put("BL", "AsIs");
        assertEquals(expected, classes);
    }

    @Test
    void zeroRowsInGiveZeroRowsOutWithTheColumnTypes() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, "OutputDataSet <- InputDataSet", EMPTY_QUERY);
        assertTrue(o.executeReturnedResultSet());
        ScriptCalls.Table t = o.rows();
        assertEquals(List.of("I", "S", "B", "D", "F", "M", "V", "C", "L", "DT", "TS", "VB", "BL"), t.names());
        assertEquals(List.of("INTEGER", "INTEGER", "DOUBLE", "DOUBLE", "DOUBLE", "DOUBLE", "VARCHAR(32672)",
                "VARCHAR(32672)", "BOOLEAN", "DATE", "TIMESTAMP", "BLOB", "BLOB"), t.types());
        assertEquals(0, t.rows().size());
    }

    @Test
    void aggregateOverZeroRows() throws Exception {
        ScriptCalls.Table t = ScriptCalls.r(conn,
                "OutputDataSet <- data.frame(n = nrow(InputDataSet), total = sum(InputDataSet$D))", EMPTY_QUERY).rows();
        assertEquals(List.of(List.of(0, 0.0)), t.rows());
    }

    @Test
    void withoutInputQueryInputDataSetIsAnEmptyDataFrame() throws Exception {
        ScriptCalls.Table t = ScriptCalls.r(conn, """
                OutputDataSet <- data.frame(exists = exists("InputDataSet"), isdf = is.data.frame(InputDataSet),
                  nrow = nrow(InputDataSet), ncol = ncol(InputDataSet))
                """).rows();
        assertEquals(List.of(List.of(true, true, 0, 0)), t.rows());
    }

    @Test
    void blankInputQueryIsNoInputQuery() throws Exception {
        ScriptCalls.Table t = ScriptCalls.r(conn,
                "OutputDataSet <- data.frame(ncol = ncol(InputDataSet))", "   ").rows();
        assertEquals(List.of(List.of(0)), t.rows());
    }

    @Test
    void scriptThatSetsNoOutputDataSetReturnsNoResultSet() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, "x <- sum(InputDataSet$I)", "SELECT I FROM TYPES");
        assertFalse(o.executeReturnedResultSet(), "execute() must return false when there is no result set");
        assertTrue(o.output().isEmpty());
        assertTrue(o.parameterTable().isEmpty());
    }

    @Test
    void outputDataSetSetToNullReturnsNoResultSet() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, "OutputDataSet <- NULL");
        assertFalse(o.executeReturnedResultSet());
        assertTrue(o.output().isEmpty());
    }

    @Test
    void resultSetsNoneSuppressesTheDataSet() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, "OutputDataSet <- data.frame(x = 1:3)", null, null,
                "WITH RESULT SETS NONE");
        assertFalse(o.executeReturnedResultSet());
        assertTrue(o.output().isEmpty());
    }

    @Test
    void zeroRowDataFrameMadeInRKeepsItsColumns() throws Exception {
        ScriptCalls.Table t = ScriptCalls.r(conn,
                "OutputDataSet <- data.frame(a = integer(), b = character(), c = as.Date(character()))").rows();
        assertEquals(List.of("a", "b", "c"), t.names());
        assertEquals(List.of("INTEGER", "VARCHAR(32672)", "DATE"), t.types());
        assertEquals(0, t.rows().size());
    }

    @Test
    void renamedInputAndOutputDataSets() throws Exception {
        ScriptCalls.Table t = ScriptCalls.call(conn, "R", "res <- data.frame(n = nrow(df), v = df$V)",
                "SELECT V FROM TYPES", "df", "res", null, null).rows();
        assertEquals(List.of(List.of(1, "not selected")), t.rows());
    }
}
