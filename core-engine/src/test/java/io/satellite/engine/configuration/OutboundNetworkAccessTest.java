package io.satellite.engine.configuration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 'outbound network access' (mssql-conf's extensibility.outboundnetworkaccess): off by default,
 * so a script cannot reach even a server on this host's loopback; switched on, it applies at
 * the next start (RECONFIGURE alone does not), and then the script connects.
 */
class OutboundNetworkAccessTest {
    @TempDir
    Path dir;

    @Test
    void workersReachTheNetworkOnlyAfterTheOptionIsOnAndTheEngineRestarted() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger accepted = new AtomicInteger();
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket s = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "test-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            String connect = "con <- tryCatch(socketConnection('127.0.0.1', " + server.getLocalPort()
                    + ", open = 'r+', blocking = TRUE, timeout = 3), error = function(e) NULL);"
                    + " OutputDataSet <- data.frame(reached = !is.null(con))";

            Path data = dir.resolve("data");
            try (Engine engine = TestEngines.startEnabled(data); Connection c = engine.connectAsAdmin()) {
                assertEquals(0, inUse(c));
                assertEquals(0, reached(c, connect), "off by default");
                try (CallableStatement s = c.prepareCall("CALL SQLML.SP_CONFIGURE('outbound network access', 1)")) {
                    s.execute();
                    SQLWarning w = s.getWarnings();
                    assertTrue(w != null && w.getMessage().contains("takes effect when the engine next starts"),
                            String.valueOf(w));
                }
                try (Statement s = c.createStatement()) {
                    s.execute("CALL SQLML.RECONFIGURE()");
                }
                assertEquals(0, inUse(c), "RECONFIGURE does not apply an option of the next start");
                assertEquals(0, reached(c, connect));
            }
            assertEquals(0, accepted.get());
            try (Engine engine = TestEngines.start(data); Connection c = engine.connectAsAdmin()) {
                assertEquals(1, inUse(c));
                assertEquals(1, reached(c, connect), "on after the restart");
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (accepted.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, accepted.get(), "the server saw the worker's connection");
        }
    }

    /** 'external worker pool size' 0 (after a restart): no warm pool, every job starts cold and still runs. */
    @Test
    void theWorkerPoolSizeAppliesAtTheNextStart() throws Exception {
        Path data = dir.resolve("pool");
        try (Engine engine = TestEngines.startEnabled(data); Connection c = engine.connectAsAdmin()) {
            assertEquals(io.satellite.engine.EngineOptions.DEFAULT_POOL_SIZE, engine.options().workerPoolSize());
            try (Statement s = c.createStatement()) {
                s.execute("CALL SQLML.SP_CONFIGURE('external worker pool size', 0)");
                s.execute("CALL SQLML.RECONFIGURE()");
            }
            assertEquals(io.satellite.engine.EngineOptions.DEFAULT_POOL_SIZE, engine.options().workerPoolSize());
        }
        try (Engine engine = TestEngines.start(data); Connection c = engine.connectAsAdmin()) {
            assertEquals(0, engine.options().workerPoolSize());
            assertEquals(0, engine.configuredAtStart("external worker pool size", -1));
            assertEquals(0, reached(c, "OutputDataSet <- data.frame(x = FALSE)"), "a cold job still runs");
            try (Statement s = c.createStatement()) {
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                        () -> s.execute("CALL SQLML.SP_CONFIGURE('external worker pool size', 65)"));
                assertTrue(e.getMessage().contains("out of range (-1 to 64)"), e.getMessage());
            }
        }
    }

    private static int inUse(Connection c) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT VALUE_IN_USE FROM"
                + " SQLML.CONFIGURATION WHERE NAME = 'outbound network access'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static int reached(Connection c, String script) throws Exception {
        try (CallableStatement s = c.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', ?, NULL, NULL, NULL,"
                + " NULL, NULL)")) {
            s.setString(1, script);
            s.execute();
            try (ResultSet rs = s.getResultSet()) {
                rs.next();
                return rs.getBoolean(1) ? 1 : 0;
            }
        }
    }
}
