package io.satellite.engine.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a script prints reaches the caller as SQL warnings (SQLState 01S01), one per line. */
class PrintedOutputTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        conn = engine.connectAsAdmin();
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
    void printCatAndMessageAllArrive() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, "print('x'); cat('y\\n'); message('z')");
        // stdout first (print, cat), then stderr (message)
        assertEquals(List.of("[1] \"x\"", "y", "z"), o.messages());
        assertTrue(o.output().isEmpty());
    }

    @Test
    void printedOutputComesWithTheRows() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn,
                "cat('Gr\\u00fc\\u00dfe \\u65e5\\u672c\\u8a9e\\n'); OutputDataSet <- data.frame(a = 1:2)");
        assertEquals(List.of("Grüße 日本語"), o.messages());
        assertEquals(List.of(List.of(1), List.of(2)), o.rows().rows());
    }

    @Test
    void rWarningsArriveAsMessages() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, "x <- as.integer('a'); warning('careful')");
        assertEquals(2, o.messages().size(), o.messages().toString());
        assertTrue(o.messages().get(0).contains("NAs introduced by coercion"), o.messages().toString());
        assertTrue(o.messages().get(1).contains("careful"), o.messages().toString());
    }

    @Test
    void multiLineOutputIsOneWarningPerLine() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, "print(data.frame(a = 1:2, b = c('p', 'q')))");
        assertEquals(List.of("  a b", "1 1 p", "2 2 q"), o.messages());
    }

    @Test
    void veryLongOutputIsCappedAt2000Lines() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, "cat(sprintf('line %d\\n', 1:2500), sep = '')");
        assertEquals(2001, o.messages().size());
        assertEquals("line 1", o.messages().get(0));
        assertEquals("line 2000", o.messages().get(1999));
        assertEquals("... 500 more lines of output", o.messages().get(2000));
    }

    @Test
    void silentScriptHasNoMessages() throws Exception {
        ScriptCalls.Outcome o = ScriptCalls.r(conn, "OutputDataSet <- data.frame(a = 1L)");
        assertEquals(List.of(), o.messages());
    }

    @Test
    void printedOutputBeforeAnErrorIsInTheErrorMessage() {
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> ScriptCalls.r(conn, "cat('progress 50%\\n'); stop('boom')"));
        assertEquals("38S01", e.getSQLState());
        assertTrue(e.getMessage().contains("boom"), e.getMessage());
        assertTrue(e.getMessage().contains("progress 50%"), e.getMessage());
    }

    @Test
    void outputWithoutFinalNewlineIsOneCleanLine() throws Exception {
        assertEquals(List.of("no newline"), ScriptCalls.r(conn, "cat('no newline')").messages());
    }

    @Test
    void workerInternalsNeverLeakIntoMessages() throws Exception {
        // worker.R opens its results fifo with file(..., "wb"), which makes R warn at exit; that warning
        // must never reach the caller (it races with the engine collecting the script's messages)
        for (int i = 0; i < 20; i++) {
            ScriptCalls.Outcome o = ScriptCalls.r(conn, "cat('a\\n')");
            assertEquals(List.of("a"), o.messages(), "run " + i);
        }
    }
}
