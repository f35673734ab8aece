package io.satellite.engine.exchange;

/**
 * How one column travels between the engine and a runtime: the R-side vector type.
 * Codes are part of the wire format shared with the runtime workers (worker.R).
 * All numbers are little-endian; a chunk holds one block per column.
 */
public enum WireType {
    /** int32 per row; NA is Integer.MIN_VALUE (R's NA_integer_). */
    INT(1),
    /** float64 per row; NA is R's NA_real_ bit pattern. */
    DOUBLE(2),
    /** one NA-flag byte per row, then NUL-terminated UTF-8 strings. */
    STRING(3),
    /** int32 per row: 0, 1 or NA. */
    LOGICAL(4),
    /** float64 days since 1970-01-01. */
    DATE(5),
    /** float64 seconds since 1970-01-01T00:00 (wall clock, no zone). */
    TIMESTAMP(6),
    /** int32 length per row (-1 for NA), then all bytes. */
    BINARY(7);

    private final int code;

    WireType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static WireType of(int code) {
        for (WireType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new ProtocolException("unknown column type code " + code);
    }
}
