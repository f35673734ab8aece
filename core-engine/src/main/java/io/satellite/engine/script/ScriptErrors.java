package io.satellite.engine.script;

import java.sql.SQLException;

/**
 * The stable SQLStates of external script failures (class 38: external routine exception,
 * which Derby passes to the caller unwrapped).
 */
public final class ScriptErrors {
    /** The script raised an error (or could not be parsed) in the runtime. */
    public static final String SCRIPT_ERROR = "38S01";
    /** External scripts are not enabled on this server. */
    public static final String SCRIPTS_DISABLED = "38S02";
    /** The language is not registered. */
    public static final String UNKNOWN_LANGUAGE = "38S03";
    /** The output does not fit its declaration, or has values SQL cannot hold. */
    public static final String OUTPUT_MISMATCH = "38S04";
    /** The input query failed or returned a type scripts cannot receive. */
    public static final String INPUT_ERROR = "38S05";
    /** The runtime process failed outside the script (died, broke the protocol). */
    public static final String RUNTIME_FAILURE = "38S06";
    /** A parameter of the call is invalid (params, result set declaration, names). */
    public static final String INVALID_ARGUMENT = "38S07";
    /** The request was cancelled: KILL_EXTERNAL_SCRIPT, a query timeout, or the pool's maximum duration. */
    public static final String CANCELLED = "38S09";
    /** The request waited longer than its resource pool's queue timeout (MAX_PROCESSES reached). */
    public static final String POOL_QUEUE_TIMEOUT = "38S10";
    /** The engine that serves external scripts is not running in this JVM. */
    public static final String ENGINE_UNAVAILABLE = "38S08";

    private ScriptErrors() {
    }

    /**
     * Derby's network server sends a routine's own SQLState without its text (clients see
     * only "38S01"). For network callers the error therefore travels as Derby's 38000
     * "exception thrown while evaluating an expression", whose text carries ours, state first.
     */
    public static SQLException forCaller(SQLException e) throws SQLException {
        if (e.getSQLState() != null && e.getSQLState().startsWith("38S") && CallerWarnings.remoteCaller()) {
            throw new ForNetwork(e);
        }
        return e;
    }

    /** An error whose text (SQLState and message) survives the trip to a network client. */
    static final class ForNetwork extends RuntimeException {
        ForNetwork(SQLException e) {
            super(e.getSQLState() + ": " + e.getMessage(), e);
        }

        @Override
        public String toString() {
            return getMessage();
        }
    }

    public static SQLException error(String state, String message) {
        return new SQLException(message, state);
    }

    public static SQLException error(String state, String message, Throwable cause) {
        return new SQLException(message, state, cause);
    }
}
