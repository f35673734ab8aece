package io.satellite.engine.script;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a connection as the database owner, for the engine's own catalog work. */
@FunctionalInterface
public interface AdminConnections {
    Connection open() throws SQLException;
}
