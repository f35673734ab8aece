package io.satellite.engine.script;

import io.satellite.engine.exchange.Chunk;
import java.sql.SQLException;

/** Where an output cursor gets its rows: the runtime's stream, or rows already in hand. */
interface ChunkSource extends AutoCloseable {
    /** The next chunk, or null when there are no more rows. */
    Chunk next() throws SQLException;

    @Override
    void close();
}
