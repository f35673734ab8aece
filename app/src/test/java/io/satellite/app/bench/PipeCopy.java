package io.satellite.app.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The physical limit: the same number of bytes copied through {@code cat} (Java -> pipe ->
 * cat -> pipe -> Java), in 64 KiB writes, as fast as both sides go.
 */
final class PipeCopy {
    private PipeCopy() {
    }

    /** Seconds to push {@code bytes} through cat and read them all back. */
    static double seconds(long bytes) throws IOException, InterruptedException {
        Process cat = new ProcessBuilder("cat").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            byte[] block = new byte[64 * 1024];
            for (int i = 0; i < block.length; i++) {
                block[i] = (byte) (i * 31 + 7);
            }
            long t0 = System.nanoTime();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (OutputStream out = cat.getOutputStream()) {
                    long left = bytes;
                    while (left > 0) {
                        int n = (int) Math.min(block.length, left);
                        out.write(block, 0, n);
                        left -= n;
                    }
                } catch (IOException e) {
                    throw new IllegalStateException("writing to cat failed", e);
                }
            });
            long read = 0;
            byte[] in = new byte[64 * 1024];
            try (InputStream from = cat.getInputStream()) {
                for (int n; (n = from.read(in)) > 0; ) {
                    read += n;
                }
            }
            writer.join();
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (read != bytes) {
                throw new IllegalStateException("cat returned " + read + " bytes of " + bytes);
            }
            return seconds;
        } finally {
            cat.destroyForcibly();
            cat.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
