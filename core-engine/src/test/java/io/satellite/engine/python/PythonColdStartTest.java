package io.satellite.engine.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no warm pool every job starts {@code python3 worker.py job <results-pipe>}: the
 * single-job mode, whose printed output travels on stdout/stderr up to the sentinel line.
 */
class PythonColdStartTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        engine = PythonCalls.requirePython(Engine.start(EngineOptions.fromEnvironment(dir.resolve("data"),
                System.getenv()).withAdminPassword(TestEngines.ADMIN_PASSWORD).withWorkerPoolSize(0)));
        conn = engine.connectAsAdmin();
        try (Statement s = conn.createStatement()) {
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
            s.execute("CALL SQLML.RECONFIGURE()");
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
    void printedOutputAndRowsComeBackFromAColdStart() throws Exception {
        String script = String.join("\n",
                "import sys",
                "print('rows:', len(InputDataSet))",
                "print('from stderr ☃', file=sys.stderr)",
                "OutputDataSet = InputDataSet.assign(twice=InputDataSet['n'] * 2)");
        PythonCalls.Outcome o = PythonCalls.python(conn, script, "SELECT n FROM (VALUES 1, 2, 3) AS V(n)", null, null);
        assertEquals(List.of("rows: 3", "from stderr ☃"), o.messages());
        assertEquals(List.of(List.of(1, 2), List.of(2, 4), List.of(3, 6)), o.output().rows());
    }

    /** The worker reads all of its input before it opens the results pipe, so no input size can deadlock it. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void anInputLargerThanThePipeBufferDoesNotHang() throws Exception {
        PythonCalls.Table t = PythonCalls.python(conn,
                "OutputDataSet = InputDataSet.agg(['count', 'sum']).reset_index(drop=True)",
                "SELECT CAST(A.COLUMNNUMBER AS DOUBLE) AS x FROM SYS.SYSCOLUMNS A, SYS.SYSCOLUMNS B"
                        + " FETCH FIRST 20000 ROWS ONLY", null, null).output();
        assertEquals(20000.0, (Double) t.value(0, 0), 0.0);
    }

    @Test
    void anErrorFromAColdStartIsAScriptError() {
        SQLException e = PythonCalls.fails("38S01", () -> PythonCalls.python(conn,
                "print('partial')\nraise ValueError('bad input')", null, null, null));
        assertTrue(e.getMessage().startsWith("Error in Python script: ValueError: bad input (at line 2 of the script)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("partial"), e.getMessage());
    }
}
