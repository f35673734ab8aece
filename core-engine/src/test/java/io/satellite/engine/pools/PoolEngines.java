package io.satellite.engine.pools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import io.satellite.engine.catalog.ResourcePools;
import io.satellite.engine.launchpad.ResourcePool;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** A real engine on disk for the pool tests (no warm R workers: nothing here runs a script). */
final class PoolEngines {
    private PoolEngines() {
    }

    static Engine start(Path dir) throws Exception {
        return Engine.start(EngineOptions.fromEnvironment(dir, System.getenv())
                .withAdminPassword(TestEngines.ADMIN_PASSWORD).withWorkerPoolSize(0));
    }

    /** Calls a procedure with its arguments bound. */
    static void call(Connection c, String procedure, Object... args) throws SQLException {
        StringBuilder sql = new StringBuilder("CALL SQLML.").append(procedure).append('(');
        for (int i = 0; i < args.length; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        try (CallableStatement cs = c.prepareCall(sql.append(')').toString())) {
            for (int i = 0; i < args.length; i++) {
                cs.setObject(i + 1, args[i]);
            }
            cs.execute();
        }
    }

    static void sql(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    static ResourcePool pool(Connection c, String name) throws SQLException {
        return ResourcePools.find(c, name).orElseThrow(() -> new AssertionError("no pool " + name));
    }

    /** Runs the work, expects it to fail with that SQLState, returns the failure. */
    static SQLException fails(String state, Work work) {
        SQLException e = assertThrows(SQLException.class, work::run);
        assertEquals(state, e.getSQLState(), "SQLState of: " + e.getMessage());
        return e;
    }

    interface Work {
        void run() throws Exception;
    }
}
