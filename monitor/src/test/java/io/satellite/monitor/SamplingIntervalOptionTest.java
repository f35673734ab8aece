package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.satellite.engine.Engine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sp_configure 'usage sampling interval ms' sets how often the monitor samples, from the next start. */
class SamplingIntervalOptionTest {
    @TempDir
    Path dir;

    @Test
    void theMonitorSamplesAtTheConfiguredIntervalAfterARestart() throws Exception {
        Path data = dir.resolve("data");
        try (Engine engine = MonitoredEngine.start(data)) {
            ResourceMonitor monitor = ResourceMonitor.start(engine);
            try {
                assertEquals(Duration.ofSeconds(1), monitor.interval(), "the default");
            } finally {
                monitor.close();
            }
            try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
                s.execute("CALL SQLML.SP_CONFIGURE('usage sampling interval ms', 250)");
                s.execute("CALL SQLML.RECONFIGURE()");
            }
            assertEquals(1000, engine.configuredAtStart("usage sampling interval ms", -1), "not before a restart");
        }
        try (Engine engine = MonitoredEngine.start(data)) {
            ResourceMonitor monitor = ResourceMonitor.start(engine);
            try {
                assertEquals(Duration.ofMillis(250), monitor.interval());
            } finally {
                monitor.close();
            }
        }
    }
}
