package io.satellite.engine.exchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Buffered little-endian reader for the exchange protocol; EOF mid-frame is a protocol error. */
public final class LittleEndianInput implements AutoCloseable {
    private final InputStream in;
    /** Values longer than this grow as they arrive. */
    private static final int LARGE = 1 << 20;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;

    public LittleEndianInput(InputStream in) {
        this.in = in;
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        return true;
    }

    private int nextByte() throws IOException {
        if (!fill()) {
            throw new ProtocolException("the runtime's output ended in the middle of a frame");
        }
        return buf[pos++] & 0xff;
    }

    /** True if at least one more byte can be read (blocks until it is known). */
    public boolean hasMore() throws IOException {
        return fill();
    }

    public int readInt() throws IOException {
        if (limit - pos >= 4) {
            int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8 | (buf[pos + 2] & 0xff) << 16
                    | (buf[pos + 3] & 0xff) << 24;
            pos += 4;
            return v;
        }
        return nextByte() | nextByte() << 8 | nextByte() << 16 | nextByte() << 24;
    }

    public double readDouble() throws IOException {
        long lo = readInt() & 0xffffffffL;
        long hi = readInt() & 0xffffffffL;
        return Double.longBitsToDouble(hi << 32 | lo);
    }

    /**
     * Reads {@code n} bytes. A large value is allocated as its bytes arrive, so that a forged
     * length costs no more memory than the bytes really sent.
     */
    public byte[] readBytes(int n) throws IOException {
        if (n < 0) {
            throw new ProtocolException("negative length " + n);
        }
        if (n > LARGE) {
            return readLarge(n);
        }
        byte[] out = new byte[n];
        int off = 0;
        while (off < n) {
            if (!fill()) {
                throw new ProtocolException("the runtime's output ended in the middle of a value");
            }
            int k = Math.min(n - off, limit - pos);
            System.arraycopy(buf, pos, out, off, k);
            pos += k;
            off += k;
        }
        return out;
    }

    private byte[] readLarge(int n) throws IOException {
        byte[] out = new byte[LARGE];
        int off = 0;
        while (off < n) {
            if (!fill()) {
                throw new ProtocolException("the runtime's output ended in the middle of a value");
            }
            if (off == out.length) {
                out = java.util.Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
            }
            int k = Math.min(Math.min(n - off, limit - pos), out.length - off);
            System.arraycopy(buf, pos, out, off, k);
            pos += k;
            off += k;
        }
        return out;
    }

    public String readString(int maxBytes) throws IOException {
        int n = readInt();
        if (n < 0 || n > maxBytes) {
            throw new ProtocolException("string length " + n + " out of range");
        }
        return new String(readBytes(n), StandardCharsets.UTF_8);
    }

    public String readCString() throws IOException {
        for (int i = pos; i < limit; i++) {
            if (buf[i] == 0) {
                String s = new String(buf, pos, i - pos, StandardCharsets.UTF_8);
                pos = i + 1;
                return s;
            }
        }
        ByteArrayOutputStream slow = new ByteArrayOutputStream();
        int b;
        while ((b = nextByte()) != 0) {
            slow.write(b);
        }
        return slow.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
