package io.satellite.monitor;

import io.satellite.engine.Engine;
import io.satellite.engine.catalog.ResourcePools;
import io.satellite.engine.launchpad.ResourcePool;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Where the monitor reads the resource pools' limits from. */
@FunctionalInterface
public interface PoolDirectory {
    List<ResourcePool> load() throws SQLException;

    /** The pools of a running engine, read as its administrator. */
    static PoolDirectory of(Engine engine) {
        return () -> {
            try (Connection c = engine.connectAsAdmin()) {
                return ResourcePools.load(c);
            }
        };
    }
}
