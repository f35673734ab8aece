package io.satellite.engine.exchange;

import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Encodes and decodes one column block of a chunk (see {@link WireType} for the layout). */
public final class ColumnCodec {
    /** R's NA_real_: a NaN whose low word is 1954. */
    static final long NA_REAL_BITS = 0x7FF00000000007A2L;
    private static final int NA_INTEGER = Integer.MIN_VALUE;
    /** Days either side of 1970 a DATE or TIMESTAMP may be (years -9999 to 9999, SQL's range and more). */
    private static final double MAX_EPOCH_DAYS = 4_371_000;

    private ColumnCodec() {
    }

    public static void write(LittleEndianOutput out, WireType type, Object[] values, int n) throws IOException {
        switch (type) {
            case INT -> {
                for (int i = 0; i < n; i++) {
                    out.writeInt(values[i] == null ? NA_INTEGER : ((Number) values[i]).intValue());
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < n; i++) {
                    writeReal(out, values[i] == null ? null : ((Number) values[i]).doubleValue());
                }
            }
            case STRING -> {
                for (int i = 0; i < n; i++) {
                    out.writeByte(values[i] == null ? 1 : 0);
                }
                for (int i = 0; i < n; i++) {
                    out.writeCString(values[i] == null ? "" : (String) values[i]);
                }
            }
            case LOGICAL -> {
                for (int i = 0; i < n; i++) {
                    out.writeInt(values[i] == null ? NA_INTEGER : ((Boolean) values[i]) ? 1 : 0);
                }
            }
            case DATE -> {
                for (int i = 0; i < n; i++) {
                    writeReal(out, values[i] == null ? null : (double) ((LocalDate) values[i]).toEpochDay());
                }
            }
            case TIMESTAMP -> {
                for (int i = 0; i < n; i++) {
                    writeReal(out, values[i] == null ? null : epochSeconds((LocalDateTime) values[i]));
                }
            }
            case BINARY -> {
                for (int i = 0; i < n; i++) {
                    out.writeInt(values[i] == null ? -1 : ((byte[]) values[i]).length);
                }
                for (int i = 0; i < n; i++) {
                    if (values[i] != null) {
                        out.writeBytes((byte[]) values[i]);
                    }
                }
            }
            default -> throw new IllegalStateException(type.name());
        }
    }

    public static Object[] read(LittleEndianInput in, WireType type, int n) throws IOException {
        Object[] v = new Object[n];
        switch (type) {
            case INT -> {
                for (int i = 0; i < n; i++) {
                    int x = in.readInt();
                    v[i] = x == NA_INTEGER ? null : x;
                }
            }
            case DOUBLE -> {
                for (int i = 0; i < n; i++) {
                    v[i] = readReal(in);
                }
            }
            case STRING -> {
                byte[] na = in.readBytes(n);
                for (int i = 0; i < n; i++) {
                    String s = in.readCString();
                    v[i] = na[i] != 0 ? null : s;
                }
            }
            case LOGICAL -> {
                for (int i = 0; i < n; i++) {
                    int x = in.readInt();
                    v[i] = x == NA_INTEGER ? null : x != 0;
                }
            }
            case DATE -> {
                for (int i = 0; i < n; i++) {
                    Double d = readReal(in);
                    if (d != null && !(Math.abs(d) <= MAX_EPOCH_DAYS)) {
                        throw new ProtocolException("a DATE value out of range: " + d + " days since 1970-01-01");
                    }
                    v[i] = d == null ? null : LocalDate.ofEpochDay((long) Math.floor(d));
                }
            }
            case TIMESTAMP -> {
                for (int i = 0; i < n; i++) {
                    Double d = readReal(in);
                    if (d != null && !(Math.abs(d) <= MAX_EPOCH_DAYS * 86_400.0)) {
                        throw new ProtocolException("a TIMESTAMP value out of range: " + d + " seconds since 1970-01-01");
                    }
                    v[i] = d == null ? null : fromEpochSeconds(d);
                }
            }
            case BINARY -> {
                int[] lens = new int[n];
                for (int i = 0; i < n; i++) {
                    lens[i] = in.readInt();
                }
                for (int i = 0; i < n; i++) {
                    v[i] = lens[i] < 0 ? null : in.readBytes(lens[i]);
                }
            }
            default -> throw new IllegalStateException(type.name());
        }
        return v;
    }

    private static void writeReal(LittleEndianOutput out, Double d) throws IOException {
        out.writeDouble(d == null ? Double.longBitsToDouble(NA_REAL_BITS) : d);
    }

    /** R's NA and NaN both come back as SQL NULL: SQL has no NaN. */
    private static Double readReal(LittleEndianInput in) throws IOException {
        double d = in.readDouble();
        return Double.isNaN(d) ? null : d;
    }

    static double epochSeconds(LocalDateTime t) {
        return t.toEpochSecond(ZoneOffset.UTC) + t.getNano() / 1e9;
    }

    static LocalDateTime fromEpochSeconds(double seconds) {
        long micros = Math.round(seconds * 1e6);
        long secs = Math.floorDiv(micros, 1_000_000L);
        int nanos = (int) Math.floorMod(micros, 1_000_000L) * 1000;
        return LocalDateTime.ofEpochSecond(secs, nanos, ZoneOffset.UTC);
    }
}
