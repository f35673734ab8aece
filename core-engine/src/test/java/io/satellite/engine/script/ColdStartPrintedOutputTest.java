package io.satellite.engine.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Printed output on cold-started workers (worker pool size 0; also the fallback when a language's
 * zygote cannot run), which collect stdout/stderr through pipes rather than a file.
 */
class ColdStartPrintedOutputTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        engine = Engine.start(EngineOptions.fromEnvironment(dir.resolve("data"), System.getenv())
                .withAdminPassword(TestEngines.ADMIN_PASSWORD).withWorkerPoolSize(0));
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
    void printCatAndMessageAllArrive() throws Exception {
        assertEquals(List.of("[1] \"x\"", "y", "z"), ScriptCalls.r(conn, "print('x'); cat('y\\n'); message('z')").messages());
    }

    @Test
    void typesRoundTripOnColdWorkersToo() throws Exception {
        ScriptCalls.Table t = ScriptCalls.r(conn, "OutputDataSet <- InputDataSet",
                "VALUES (1, 'Grüße', CAST(NULL AS DOUBLE), DATE('2024-02-29'), TRUE)").rows();
        assertEquals(java.util.Arrays.asList(1, "Grüße", null, java.sql.Date.valueOf("2024-02-29"), true),
                t.rows().get(0));
        ScriptCalls.assertNoLeftovers(engine, "after a cold job");
    }

    @Test
    void outputWithoutFinalNewlineIsOneCleanLine() throws Exception {
        assertEquals(List.of("no newline"), ScriptCalls.r(conn, "cat('no newline')").messages());
    }
}
