package io.satellite.engine.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure class of the procedure has its SQLState and a useful message; after each one the
 * same connection runs the next job, and no worker directory or R process is left behind.
 */
class ScriptErrorTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        conn = engine.connectAsAdmin();
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE T (ID INT, NAME VARCHAR(20))");
            s.execute("INSERT INTO T VALUES (1, 'a'), (2, 'b')");
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

    /** After every test (each provokes one failure): nothing left, and the connection still works. */
    @AfterEach
    void nothingLeftAndNextJobSucceeds() throws Exception {
        assertNothingLeft("right after the failure");
        ScriptCalls.Table t = ScriptCalls.r(conn, "OutputDataSet <- data.frame(n = nrow(InputDataSet), s = sum(InputDataSet$ID))",
                "SELECT * FROM T").rows();
        assertEquals(List.of(List.of(2, 3)), t.rows(), "the next job on the same connection");
        assertNothingLeft("after the next job");
    }

    private static void assertNothingLeft(String when) throws Exception {
        ScriptCalls.assertNoLeftovers(engine, when);
    }

    private static SQLException fails(String expectedState, ScriptCalls.Work<?> call) {
        SQLException e = assertThrows(SQLException.class, call::run);
        assertEquals(expectedState, e.getSQLState(), "SQLState of: " + e.getMessage());
        System.out.println(expectedState + ": " + e.getMessage().replace('\n', '|'));
        return e;
    }

    @Test
    void rRuntimeError() {
        SQLException e = fails("38S01", () -> ScriptCalls.r(conn, "x <- 1\nstop('boom')", "SELECT * FROM T"));
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
    }

    @Test
    void rErrorInsideAFunctionNamesTheCall() {
        SQLException e = fails("38S01", () -> ScriptCalls.r(conn, "f <- function(v) log(v)\nf('a')"));
        assertTrue(e.getMessage().contains("non-numeric argument to mathematical function"), e.getMessage());
    }

    @Test
    void rSyntaxError() {
        SQLException e = fails("38S01", () -> ScriptCalls.r(conn, "x <- (1 + \nOutputDataSet <- data.frame(a = x)))"));
        assertTrue(e.getMessage().toLowerCase().contains("unexpected"), e.getMessage());
    }

    @Test
    void inputQueryOnMissingTable() {
        SQLException e = fails("38S05", () -> ScriptCalls.r(conn, "OutputDataSet <- InputDataSet",
                "SELECT * FROM NO_SUCH_TABLE"));
        assertTrue(e.getMessage().contains("NO_SUCH_TABLE"), e.getMessage());
    }

    @Test
    void inputQueryThatIsNotAQuery() {
        fails("38S05", () -> ScriptCalls.r(conn, "OutputDataSet <- InputDataSet", "UPDATE T SET ID = ID"));
    }

    @Test
    void unknownLanguage() {
        SQLException e = fails("38S03", () -> ScriptCalls.call(conn, "Julia", "1", null, null, null, null, null));
        assertTrue(e.getMessage().contains("Julia"), e.getMessage());
        assertTrue(Pattern.compile("\\bR\\b").matcher(e.getMessage()).find(), "lists R: " + e.getMessage());
    }

    @Test
    void languageNameIsCaseInsensitive() throws Exception {
        assertEquals(List.of(List.of(1)),
                ScriptCalls.call(conn, "r", "OutputDataSet <- data.frame(a = 1L)", null, null, null, null, null)
                        .rows().rows());
    }

    @Test
    void scriptsDisabled() throws Exception {
        try (Statement s = conn.createStatement()) {
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 0)");
            // configured but not yet in use: scripts still run, as in SQL Server
            assertEquals(List.of(List.of(1)), ScriptCalls.r(conn, "OutputDataSet <- data.frame(a = 1L)").rows().rows());
            s.execute("CALL SQLML.RECONFIGURE()");
            try {
                SQLException e = fails("38S02", () -> ScriptCalls.r(conn, "OutputDataSet <- data.frame(a = 1L)"));
                assertTrue(e.getMessage().contains("sp_configure 'external scripts enabled', 1"), e.getMessage());
                assertTrue(e.getMessage().contains("RECONFIGURE"), e.getMessage());
                assertNothingLeft("after the refused job");
            } finally {
                s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
                s.execute("CALL SQLML.RECONFIGURE()");
            }
        }
    }

    @Test
    void outputDataSetNotADataFrame() {
        SQLException e = fails("38S04", () -> ScriptCalls.r(conn, "OutputDataSet <- 1:3"));
        assertTrue(e.getMessage().contains("data.frame"), e.getMessage());
    }

    @Test
    void outputColumnOfUnsupportedRType() {
        fails("38S04", () -> ScriptCalls.r(conn, "OutputDataSet <- data.frame(z = complex(real = 1, imaginary = 2))"));
    }

    @Test
    void declaredResultSetWithWrongColumnCount() {
        SQLException e = fails("38S04", () -> ScriptCalls.r(conn, "OutputDataSet <- data.frame(a = 1L, b = 'x')",
                null, null, "WITH RESULT SETS ((a INT))"));
        assertTrue(e.getMessage().contains("1 column"), e.getMessage());
    }

    @Test
    void declaredResultSetWithIncompatibleType() {
        SQLException e = fails("38S04", () -> ScriptCalls.r(conn, "OutputDataSet <- data.frame(d = Sys.Date())",
                null, null, "((d INT))"));
        assertTrue(e.getMessage().contains("d"), e.getMessage());
    }

    @Test
    void declaredBinaryForTextIsIncompatible() {
        fails("38S04", () -> ScriptCalls.r(conn, "OutputDataSet <- data.frame(s = 'abc')", null, null,
                "((s VARBINARY(MAX)))"));
    }

    @Test
    void valueOutOfRangeWhileStreamingRows() {
        // the first chunk (10,000 rows) is fine; a row of the second does not fit INT
        SQLException e = fails("38S04", () -> ScriptCalls.r(conn,
                "OutputDataSet <- data.frame(x = c(as.numeric(1:15000), 1e10))", null, null, "((x INT))"));
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void infiniteValueHasNoSqlEquivalent() {
        fails("38S04", () -> ScriptCalls.r(conn, "OutputDataSet <- data.frame(x = c(1, Inf))"));
    }

    @Test
    void badParameterDeclaration() {
        fails("38S07", () -> ScriptCalls.r(conn, "1", null, "@n INT = 'abc'", null));
    }

    @Test
    void badResultSetDeclaration() {
        fails("38S07", () -> ScriptCalls.r(conn, "OutputDataSet <- data.frame(a = 1L)", null, null, "((a NOSUCHTYPE))"));
    }

    @Test
    void rQuitsWithStatus() {
        SQLException e = fails("38S06", () -> ScriptCalls.r(conn, "quit(status = 3)", "SELECT * FROM T"));
        assertTrue(e.getMessage().contains("R"), e.getMessage());
    }

    @Test
    void runtimeFailureMessageHasNoWorkerInternals() {
        SQLException e = fails("38S06", () -> ScriptCalls.r(conn, "quit(status = 3)"));
        assertFalse(e.getMessage().contains("results.pipe"), e.getMessage());
        assertFalse(e.getMessage().contains("args[[1]]"), e.getMessage());
    }

    @Test
    void rQuitsSuccessfullyWithoutAnswering() {
        fails("38S06", () -> ScriptCalls.r(conn, "quit(save = 'no', status = 0)"));
    }

    @Test
    void rKillsItself() {
        fails("38S06", () -> ScriptCalls.r(conn, "tools::pskill(Sys.getpid())", "SELECT * FROM T"));
    }

    @Test
    void rKillsItselfHard() {
        fails("38S06", () -> ScriptCalls.r(conn, "tools::pskill(Sys.getpid(), tools::SIGKILL)"));
    }

    @Test
    void childProcessStartedByTheScriptIsKilledToo() throws Exception {
        try {
            fails("38S01", () -> ScriptCalls.r(conn,
                    "system('sleep 300', wait = FALSE); Sys.sleep(0.3); stop('after spawning')"));
            Thread.sleep(2000); // worker cleanup runs in the background
            assertEquals(List.of(), sleepers().map(p -> p.info().commandLine().orElse("")).toList());
        } finally {
            sleepers().forEach(ProcessHandle::destroyForcibly); // only the sleep this test started
        }
    }

    private static java.util.stream.Stream<ProcessHandle> sleepers() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").endsWith("sleep 300"));
    }

    @Test
    void failedJobsNeverLeaveAWorkerDirectory() throws Exception {
        List<String> problems = new java.util.ArrayList<>();
        String[][] failures = {
            {"38S01", "stop('boom')", null},
            {"38S04", "OutputDataSet <- data.frame(a = 1L, b = 2L)", "((a INT))"},
            {"38S06", "quit(status = 3)", null},
            {"38S06", "tools::pskill(Sys.getpid(), tools::SIGKILL)", null},
        };
        for (int round = 0; round < 5; round++) {
            for (String[] f : failures) {
                try {
                    ScriptCalls.r(conn, f[1], null, null, f[2]);
                    problems.add(f[1] + ": no error");
                } catch (SQLException e) {
                    if (!f[0].equals(e.getSQLState())) {
                        problems.add(f[1] + ": " + e.getSQLState() + " " + e.getMessage());
                    }
                }
                try {
                    ScriptCalls.assertNoLeftovers(engine, "after " + f[1]);
                } catch (AssertionError e) {
                    problems.add(e.getMessage());
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
