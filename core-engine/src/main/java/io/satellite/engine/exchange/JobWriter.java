package io.satellite.engine.exchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes one job to a runtime: a header (script, data set names, parameters), the input
 * schema, then chunks of rows and an end marker.
 */
public final class JobWriter implements AutoCloseable {
    public static final int PROTOCOL_VERSION = 2;
    private final LittleEndianOutput out;
    private List<Column> columns;

    public JobWriter(OutputStream stream) {
        this.out = new LittleEndianOutput(stream);
    }

    public void writeHeader(String script, String inputName, String outputName, List<WireParameter> params)
            throws IOException {
        writeHeader(script, inputName, outputName, List.of(), params);
    }

    /** The header; {@code libraryPaths} are searched for packages before the runtime's own libraries. */
    public void writeHeader(String script, String inputName, String outputName, List<String> libraryPaths,
                            List<WireParameter> params) throws IOException {
        out.writeBytes("SATJ".getBytes(StandardCharsets.US_ASCII));
        out.writeInt(PROTOCOL_VERSION);
        out.writeString(script);
        out.writeString(inputName);
        out.writeString(outputName);
        out.writeString(String.join("\n", libraryPaths));
        out.writeInt(params.size());
        for (WireParameter p : params) {
            out.writeString(p.name());
            out.writeInt(p.type().code());
            out.writeInt(p.output() ? 1 : 0);
            ColumnCodec.write(out, p.type(), new Object[] {p.value()}, 1);
        }
    }

    public void writeInputSchema(List<Column> schema) throws IOException {
        this.columns = List.copyOf(schema);
        out.writeInt(columns.size());
        for (Column c : columns) {
            out.writeString(c.name());
            out.writeInt(c.type().code());
        }
    }

    public void writeChunk(Chunk chunk) throws IOException {
        if (chunk.rows() == 0) {
            return;
        }
        out.writeInt(chunk.rows());
        for (int c = 0; c < columns.size(); c++) {
            ColumnCodec.write(out, columns.get(c).type(), chunk.columns()[c], chunk.rows());
        }
        out.flush();
    }

    public void writeEnd() throws IOException {
        out.writeInt(0);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
