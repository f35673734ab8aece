package io.satellite.engine.exchange;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a runtime's answer: the {@link ResultHeader}, then chunks until the end marker. */
public final class ResultReader implements AutoCloseable {
    private static final int MAX_NAME_BYTES = 1 << 20;
    private static final int MAX_COLUMNS = 100_000;
    /** Rows one chunk may hold (runtimes write 10,000): a forged count must not reserve gigabytes. */
    public static final int MAX_CHUNK_ROWS = 1 << 20;
    private final LittleEndianInput in;
    private List<Column> columns;
    private boolean ended;

    public ResultReader(InputStream stream) {
        this.in = new LittleEndianInput(stream);
    }

    /** Reads the header; returns null if the runtime closed its output without one. */
    public ResultHeader readHeader() throws IOException {
        if (!in.hasMore()) {
            return null;
        }
        String magic = new String(in.readBytes(4), StandardCharsets.ISO_8859_1);
        if (!magic.equals("SATR")) {
            throw new ProtocolException("the runtime wrote something that is not a result frame");
        }
        int status = in.readInt();
        if (status == 1 || status == 2) {
            ended = true;
            return new ResultHeader(in.readString(MAX_NAME_BYTES), status == 2, List.of(), null);
        }
        if (status != 0) {
            throw new ProtocolException("bad result status " + status);
        }
        int nParams = checkCount(in.readInt(), "parameter");
        List<WireParameter> params = new ArrayList<>();
        for (int i = 0; i < nParams; i++) {
            String name = in.readString(MAX_NAME_BYTES);
            WireType type = WireType.of(in.readInt());
            Object value = ColumnCodec.read(in, type, 1)[0];
            params.add(new WireParameter(name, type, true, value));
        }
        int nCols = in.readInt();
        if (nCols < 0) {
            ended = true;
            return new ResultHeader(null, false, params, null);
        }
        checkCount(nCols, "column");
        List<Column> cols = new ArrayList<>();
        for (int i = 0; i < nCols; i++) {
            cols.add(new Column(in.readString(MAX_NAME_BYTES), WireType.of(in.readInt())));
        }
        columns = List.copyOf(cols);
        return new ResultHeader(null, false, params, columns);
    }

    /** The next chunk of output rows, or null after the last one. */
    public Chunk nextChunk() throws IOException {
        if (ended) {
            return null;
        }
        int rows = in.readInt();
        if (rows == 0) {
            ended = true;
            return null;
        }
        if (rows < 0 || rows > MAX_CHUNK_ROWS) {
            throw new ProtocolException("bad chunk row count " + rows + " (at most " + MAX_CHUNK_ROWS + ")");
        }
        Object[][] data = new Object[columns.size()][];
        for (int c = 0; c < data.length; c++) {
            data[c] = ColumnCodec.read(in, columns.get(c).type(), rows);
        }
        return new Chunk(rows, data);
    }

    private static int checkCount(int n, String what) {
        if (n < 0 || n > MAX_COLUMNS) {
            throw new ProtocolException("bad " + what + " count " + n);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
