package io.satellite.engine.script;

import io.satellite.engine.exchange.Chunk;

/** A chunk source over rows already in memory (the OUTPUT parameters' single row). */
final class RowsInHand implements ChunkSource {
    private Chunk chunk;

    RowsInHand(Chunk chunk) {
        this.chunk = chunk;
    }

    @Override
    public Chunk next() {
        Chunk c = chunk;
        chunk = null;
        return c;
    }

    @Override
    public void close() {
        chunk = null;
    }
}
