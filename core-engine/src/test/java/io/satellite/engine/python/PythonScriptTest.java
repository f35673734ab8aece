package io.satellite.engine.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python scripts as a DBA runs them: aggregations, printed output, and every kind of failure. */
class PythonScriptTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        engine = PythonCalls.startEngine(dir.resolve("data"));
        conn = engine.connectAsAdmin();
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE SALES (GRP VARCHAR(10), AMOUNT DOUBLE, QTY INT)");
            s.execute("INSERT INTO SALES VALUES ('north', 10.5, 1), ('south', 2.0, 2), ('north', 4.5, 3),"
                    + " ('east', NULL, 4), ('süd', 1.25, NULL)");
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
    void groupByAggregationReturnsTheDeclaredShape() throws Exception {
        String script = String.join("\n",
                "OutputDataSet = (InputDataSet.groupby('grp', as_index=False)",
                "                 .agg(total=('amount', 'sum'), items=('qty', 'sum'))",
                "                 .sort_values('grp'))");
        PythonCalls.Table t = PythonCalls.python(conn, script, "SELECT grp, amount, qty FROM SALES", null,
                "((grp VARCHAR(10), total DOUBLE, items INT))").output();
        assertEquals(List.of("grp", "total", "items"), t.names());
        assertEquals(List.of("VARCHAR(10)", "DOUBLE", "INTEGER"), t.types());
        assertEquals(List.of(List.of("east", 0.0, 4), List.of("north", 15.0, 4), List.of("south", 2.0, 2),
                List.of("süd", 1.25, 0)), t.rows());
    }

    @Test
    void printedOutputReachesTheCallerAsWarnings() throws Exception {
        String script = String.join("\n",
                "import sys, warnings",
                "print('hello from Python')",
                "print('ünïcödé ☃', 42)",
                "print('to stderr', file=sys.stderr)",
                "warnings.warn('careful')",
                "OutputDataSet = None");
        PythonCalls.Outcome o = PythonCalls.python(conn, script, null, null, null);
        // stdout then stderr in single-job mode; in the order printed from a warm worker
        assertTrue(o.messages().containsAll(List.of("hello from Python", "ünïcödé ☃ 42", "to stderr",
                "UserWarning: careful (at line 5 of the script)")), o.messages().toString());
        assertEquals(4, o.messages().size(), o.messages().toString());
    }

    /** The script's globals are a __main__ module: multiprocessing can hand its functions to the processes it forks. */
    @Test
    void multiprocessingRunsTheScriptsOwnFunctions() throws Exception {
        PythonCalls.Table t = PythonCalls.python(conn, String.join("\n",
                "import multiprocessing",
                "import pandas as pd",
                "def square(x):",
                "    return x * x",
                "with multiprocessing.Pool(2) as p:",
                "    n = sum(p.map(square, [1, 2, 3]))",
                "OutputDataSet = pd.DataFrame({'n': [n]})"), null, null, null).output();
        assertEquals(List.of(List.of(14)), t.rows());
    }

    @Test
    void anExceptionIsAScriptErrorWithTypeMessageAndLine() {
        SQLException e = PythonCalls.fails("38S01", () -> PythonCalls.python(conn,
                "print('before')\nx = 1 / 0\nOutputDataSet = None", null, null, null));
        assertTrue(e.getMessage().startsWith("Error in Python script: ZeroDivisionError: division by zero"
                + " (at line 2 of the script)"), e.getMessage());
        assertTrue(e.getMessage().contains("before"), "printed output comes with the error: " + e.getMessage());
    }

    @Test
    void anExceptionInsidePandasNamesTheScriptLineThatCalledIt() {
        SQLException e = PythonCalls.fails("38S01", () -> PythonCalls.python(conn,
                "def total(df):\n    return df['no_such_column'].sum()\nOutputDataSet = total(InputDataSet)",
                "SELECT grp FROM SALES", null, null));
        assertTrue(e.getMessage().contains("KeyError: 'no_such_column' (at line 2 of the script)"), e.getMessage());
    }

    @Test
    void aSyntaxErrorIsAScriptError() {
        SQLException e = PythonCalls.fails("38S01", () -> PythonCalls.python(conn,
                "x = 1\nif x = 2:\n    pass", null, null, null));
        assertTrue(e.getMessage().contains("SyntaxError: "), e.getMessage());
        assertTrue(e.getMessage().contains("(at line 2 of the script)"), e.getMessage());
    }

    /**
     * 38S04 (output mismatch), as for R: the script ran, but what it left cannot be returned.
     * The runtime finds out before it answers and says so with result status 2, not 1.
     */
    @Test
    void anOutputThatCannotBeReturnedIsAnOutputMismatch() {
        SQLException e = PythonCalls.fails("38S04", () -> PythonCalls.python(conn,
                "print('ran')\nOutputDataSet = [1, 2, 3]", null, null, null));
        assertTrue(e.getMessage().startsWith(
                "OutputDataSet must be a pandas DataFrame, but the script set it to a value of type list"),
                e.getMessage());
        assertTrue(e.getMessage().contains("ran"), "printed output comes with the error: " + e.getMessage());
        SQLException column = PythonCalls.fails("38S04", () -> PythonCalls.python(conn,
                "import pandas as pd\nOutputDataSet = pd.DataFrame({'ok': [1], 'z': [1 + 2j]})", null, null, null));
        assertTrue(column.getMessage().contains("column 'z' of OutputDataSet has dtype complex128"),
                column.getMessage());
        SQLException parameter = PythonCalls.fails("38S04", () -> PythonCalls.python(conn,
                "model = {'a': 1}", null, "@model VARBINARY(MAX) OUTPUT", null));
        assertTrue(parameter.getMessage().contains("OUTPUT parameter @model (BINARY) must be set to bytes"),
                parameter.getMessage());
    }

    @Test
    void theLanguageNameIsCaseInsensitiveAndJobsLeaveNothingBehind() throws Exception {
        PythonCalls.Table t = PythonCalls.call(conn, "python",
                "import os\nOutputDataSet = InputDataSet.assign(pid=os.getpid())",
                "SELECT qty FROM SALES WHERE grp = 'south'", null, null).output();
        assertEquals(2, t.value(0, 0));
        assertEquals(List.of(), TestEngines.strayProcesses(engine));
        assertEquals(0, TestEngines.leftoverJobDirectories(engine));
    }
}
