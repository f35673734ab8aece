package io.satellite.app.bench;

import io.satellite.engine.exchange.Chunk;
import io.satellite.engine.exchange.JobWriter;
import io.satellite.engine.exchange.ResultHeader;
import io.satellite.engine.exchange.ResultReader;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The exchange layer alone: Java's {@link JobWriter} -> pipe -> R's worker.R (identity
 * script) -> named pipe -> Java's {@link ResultReader}. No Derby, no sandbox, no pool: R is
 * started first and the clock starts once it waits on its input, so R's start-up is not
 * counted.
 */
final class ExchangeRoundTrip {
    static final String IDENTITY = "OutputDataSet <- InputDataSet";
    private static final int CHUNK = 10_000;

    /** One round trip: seconds, bytes each way, rows and id sum that came back. */
    record Result(double seconds, long bytesToR, long bytesFromR, long rows, long idSum) {
    }

    private ExchangeRoundTrip() {
    }

    /** Seconds to generate and encode n rows in Java alone (to a stream that drops them); and the bytes. */
    static double[] encodeOnly(int n) throws IOException {
        CountingStreams.Out sink = new CountingStreams.Out(OutputStream.nullOutputStream());
        long t0 = System.nanoTime();
        writeJob(sink, n);
        return new double[] {(System.nanoTime() - t0) / 1e9, sink.count};
    }

    static Result run(Path work, int n) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Path launcher = work.resolve("worker.R");
        try (InputStream in = JobWriter.class.getResourceAsStream("/io/satellite/engine/launchpad/worker.R")) {
            Files.copy(in, launcher);
        }
        Path results = work.resolve("results.pipe");
        if (new ProcessBuilder("mkfifo", results.toString()).start().waitFor() != 0) {
            throw new IOException("mkfifo failed for " + results);
        }
        Process r = new ProcessBuilder("Rscript", "--vanilla", launcher.toString(), "job", results.toString())
                .redirectOutput(work.resolve("stdout.txt").toFile()).redirectError(work.resolve("stderr.txt").toFile())
                .start();
        try {
            waitUntilReadingStdin(r);
            long t0 = System.nanoTime();
            CountingStreams.Out toR = new CountingStreams.Out(r.getOutputStream());
            writeJob(toR, n);
            long rows = 0;
            long ids = 0;
            CountingStreams.In fromR = new CountingStreams.In(new FileInputStream(results.toFile()));
            try (ResultReader reader = new ResultReader(fromR)) {
                ResultHeader h = reader.readHeader();
                if (h == null || h.columns() == null) {
                    throw new IOException("R returned no data set: " + (h == null ? "nothing" : h.error()) + "; "
                            + Files.readString(work.resolve("stderr.txt")));
                }
                for (Chunk c; (c = reader.nextChunk()) != null; ) {
                    rows += c.rows();
                    for (Object id : c.columns()[0]) {
                        ids += (Integer) id;
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Result(seconds, toR.count, fromR.count, rows, ids);
        } finally {
            r.descendants().forEach(ProcessHandle::destroyForcibly);
            r.destroyForcibly();
            r.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void writeJob(OutputStream out, int n) throws IOException {
        try (JobWriter w = new JobWriter(out)) {
            w.writeHeader(IDENTITY, "InputDataSet", "OutputDataSet", List.of());
            w.writeInputSchema(SyntheticRows.COLUMNS);
            for (int first = 0; first < n; first += CHUNK) {
                w.writeChunk(SyntheticRows.chunk(first, Math.min(CHUNK, n - first)));
            }
            w.writeEnd();
        }
    }

    /** Waits (up to 10 s) until R has loaded and blocks reading its stdin. */
    private static void waitUntilReadingStdin(Process r) throws InterruptedException {
        Path proc = Path.of("/proc", Long.toString(r.pid()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && r.isAlive()) {
            try {
                // Rscript execs R's shell front end, which execs R itself; only R's wait counts
                if (Files.readString(proc.resolve("cmdline")).contains("exec/R")
                        && Files.readString(proc.resolve("wchan")).contains("pipe")) {
                    return;
                }
            } catch (IOException e) {
                Thread.sleep(1000);
                return;
            }
            Thread.sleep(20);
        }
    }
}
