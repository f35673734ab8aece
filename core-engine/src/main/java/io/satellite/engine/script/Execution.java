package io.satellite.engine.script;

import io.satellite.engine.exchange.ResultHeader;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The work of one request: a single job on one worker, or the parts of a parallel or
 * partitioned run. Runs, then hands out its output rows; ending it (close or fail) finishes
 * the request and frees its workers and its place in the pool.
 */
interface Execution extends ChunkSource {
    /** Sends the input and runs the script; the answer's header (failed, or the output's shape). */
    ResultHeader run(Connection caller) throws SQLException;

    /** What the script printed. */
    String messages();

    /** Ends the request as failed with the message the caller got. */
    void fail(String message);
}
