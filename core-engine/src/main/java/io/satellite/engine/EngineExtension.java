package io.satellite.engine;

import java.io.IOException;
import java.sql.SQLException;

/**
 * A service that runs alongside the engine, found on the class path with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.satellite.engine.EngineExtension}):
 * started after the engine boots, closed before it shuts down. The package manager is one;
 * an engine without it on the class path answers its procedures with a clear error.
 */
public interface EngineExtension extends AutoCloseable {

    void start(Engine engine) throws SQLException, IOException;

    @Override
    void close();
}
