package io.satellite.engine.exchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Buffered little-endian writer for the exchange protocol. */
public final class LittleEndianOutput implements AutoCloseable {
    private final OutputStream out;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;

    public LittleEndianOutput(OutputStream out) {
        this.out = out;
    }

    private void ensure(int n) throws IOException {
        if (pos + n > buf.length) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }

    public void writeInt(int v) throws IOException {
        ensure(4);
        buf[pos++] = (byte) v;
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 24);
    }

    public void writeDouble(double d) throws IOException {
        long v = Double.doubleToRawLongBits(d);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[pos++] = (byte) (v >>> (8 * i));
        }
    }

    public void writeByte(int b) throws IOException {
        ensure(1);
        buf[pos++] = (byte) b;
    }

    public void writeBytes(byte[] bytes) throws IOException {
        if (bytes.length > buf.length - pos) {
            flushBuffer();
            out.write(bytes);
        } else {
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        }
    }

    /** Length-prefixed UTF-8 string (headers). */
    public void writeString(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeInt(b.length);
        writeBytes(b);
    }

    /** NUL-terminated UTF-8 string (string column values). */
    public void writeCString(String s) throws IOException {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a string value contains a NUL character, which R cannot hold");
        }
        writeBytes(s.getBytes(StandardCharsets.UTF_8));
        writeByte(0);
    }

    public void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}
