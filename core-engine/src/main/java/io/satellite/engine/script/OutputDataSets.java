package io.satellite.engine.script;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a job's output to the table function that returns it. An output is registered under
 * an unguessable one-time token; the table function ({@link #read}) takes it exactly once.
 */
public final class OutputDataSets {
    private record Pending(List<ResultColumn> columns, ChunkSource source, java.sql.SQLWarning warnings) {
    }

    private static final Map<String, Pending> PENDING = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private OutputDataSets() {
    }

    static String register(List<ResultColumn> columns, ChunkSource source, java.sql.SQLWarning warnings) {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        String token = HexFormat.of().formatHex(b);
        PENDING.put(token, new Pending(columns, source, warnings));
        return token;
    }

    /** Drops an output that was registered but never opened (closing its source). */
    static void discard(String token) {
        Pending p = PENDING.remove(token);
        if (p != null) {
            p.source().close();
        }
    }

    /** Entry point of the {@code SQLML.RS_*} table functions. */
    public static ResultSet read(String token) throws SQLException {
        Pending p = token == null ? null : PENDING.remove(token);
        if (p == null) {
            throw new SQLException("no external script output is waiting under this token; result set functions"
                    + " are called by SQLML.SP_EXECUTE_EXTERNAL_SCRIPT only", ScriptErrors.INVALID_ARGUMENT);
        }
        return new OutputCursor(p.columns(), p.source(), p.warnings());
    }
}
