package io.satellite.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.exchange.Chunk;
import io.satellite.engine.exchange.ColumnCodec;
import io.satellite.engine.exchange.LittleEndianOutput;
import io.satellite.engine.exchange.ProtocolException;
import io.satellite.engine.exchange.ResultHeader;
import io.satellite.engine.exchange.ResultReader;
import io.satellite.engine.exchange.WireType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The decoder of a runtime's answer ({@link ResultReader}) fed random bytes and valid result
 * frames mutated at random (bits flipped, counts and lengths replaced by extreme values, cut
 * short, spliced): it answers every input with a result or a {@link ProtocolException} or
 * {@link IOException}, within 5 s, and never allocates much more than it was sent (a forged
 * length or row count must not make it reserve gigabytes).
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ExchangeDecoderFuzzTest {
    private static final int INPUTS = Integer.getInteger("fuzz.inputs", 20_000);
    private static final int[] EXTREMES = {0, 1, -1, 2, 7, 8, 255, 65_536, 1 << 20, 10_001, Integer.MAX_VALUE,
            Integer.MIN_VALUE, Integer.MAX_VALUE - 8, 0x7FF00000, -2};

    /** Decodes a whole answer. */
    static void decode(byte[] frame) throws IOException {
        try (ResultReader r = new ResultReader(new ByteArrayInputStream(frame))) {
            ResultHeader h = r.readHeader();
            if (h != null && h.hasOutputDataSet()) {
                for (Chunk c = r.nextChunk(); c != null; c = r.nextChunk()) {
                    assertTrue(c.rows() > 0);
                }
            }
        }
    }

    /** A bounded allocation: a fixed allowance plus a multiple of what was sent. */
    static long allowance(byte[] frame) {
        return 24L * 1024 * 1024 + 64L * frame.length;
    }

    @Test
    void randomAndMutatedAnswersGetAResultOrAProtocolError() throws Exception {
        List<byte[]> seeds = seeds();
        for (byte[] seed : seeds) {
            decode(seed); // the seeds themselves are valid
        }
        try (Fuzzer<byte[]> fuzz = new Fuzzer<>(ExchangeDecoderFuzzTest::decode,
                e -> e instanceof ProtocolException || e instanceof IOException, ExchangeDecoderFuzzTest::allowance)) {
            for (int i = 0; i < INPUTS; i++) {
                byte[] input = i % 10 == 0 ? random(fuzz) : mutate(fuzz, fuzz.pick(seeds));
                fuzz.feed(input, Fuzzer::hex);
            }
            System.out.println("[fuzz] exchange decoder: " + fuzz.summary());
            assertTrue(fuzz.rejected > INPUTS / 10, "most mutations must be caught: " + fuzz.summary());
        }
    }

    private static byte[] random(Fuzzer<?> fuzz) {
        byte[] b = new byte[fuzz.random.nextInt(200)];
        fuzz.random.nextBytes(b);
        if (b.length >= 4 && fuzz.random.nextBoolean()) {
            System.arraycopy("SATR".getBytes(StandardCharsets.ISO_8859_1), 0, b, 0, 4);
        }
        return b;
    }

    /** One to four mutations of a valid frame. */
    static byte[] mutate(Fuzzer<?> fuzz, byte[] seed) {
        byte[] b = seed.clone();
        int n = 1 + fuzz.random.nextInt(4);
        for (int k = 0; k < n && b.length > 0; k++) {
            int at = fuzz.random.nextInt(b.length);
            switch (fuzz.random.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << fuzz.random.nextInt(8));
                case 1 -> b[at] = (byte) fuzz.random.nextInt(256);
                case 2 -> { // an int32 (a count, a length, a type code) replaced by an extreme value
                    int v = EXTREMES[fuzz.random.nextInt(EXTREMES.length)];
                    for (int j = 0; j < 4 && at + j < b.length; j++) {
                        b[at + j] = (byte) (v >>> (8 * j));
                    }
                }
                case 3 -> b = java.util.Arrays.copyOf(b, at); // cut short
                case 4 -> { // a slice repeated
                    int len = Math.min(b.length - at, 1 + fuzz.random.nextInt(16));
                    byte[] out = new byte[b.length + len];
                    System.arraycopy(b, 0, out, 0, at + len);
                    System.arraycopy(b, at, out, at + len, b.length - at);
                    b = out;
                }
                default -> { // a slice removed
                    int len = Math.min(b.length - at, 1 + fuzz.random.nextInt(16));
                    byte[] out = new byte[b.length - len];
                    System.arraycopy(b, 0, out, 0, at);
                    System.arraycopy(b, at + len, out, at, b.length - at - len);
                    b = out;
                }
            }
        }
        return b;
    }

    /** Valid answers: errors, no data set, OUTPUT parameters, and chunks of every column type. */
    static List<byte[]> seeds() throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(frame(out -> {
            out.writeInt(1);
            out.writeString("Error in f(): object 'x' not found");
        }));
        seeds.add(frame(out -> {
            out.writeInt(0);
            out.writeInt(0);
            out.writeInt(-1);
        }));
        seeds.add(frame(out -> {
            out.writeInt(0);
            out.writeInt(1); // one OUTPUT parameter
            out.writeString("model");
            out.writeInt(WireType.BINARY.code());
            ColumnCodec.write(out, WireType.BINARY, new Object[] {new byte[] {1, 2, 3}}, 1);
            out.writeInt(WireType.values().length);
            for (WireType t : WireType.values()) {
                out.writeString("col_" + t.name().toLowerCase());
                out.writeInt(t.code());
            }
            for (int chunk = 0; chunk < 2; chunk++) {
                int rows = 3;
                out.writeInt(rows);
                for (WireType t : WireType.values()) {
                    ColumnCodec.write(out, t, values(t, rows, chunk), rows);
                }
            }
            out.writeInt(0);
        }));
        return seeds;
    }

    private static Object[] values(WireType t, int rows, int chunk) {
        Object[] v = new Object[rows];
        for (int i = 0; i < rows - 1; i++) { // the last is NULL
            v[i] = switch (t) {
                case INT -> i + chunk;
                case DOUBLE -> i * 1.5;
                case STRING -> "s" + i + "é";
                case LOGICAL -> i % 2 == 0;
                case DATE -> LocalDate.of(2024, 1, 1 + i);
                case TIMESTAMP -> LocalDateTime.of(2024, 1, 1, 12, i);
                case BINARY -> new byte[] {(byte) i};
            };
        }
        return v;
    }

    interface Body {
        void write(LittleEndianOutput out) throws IOException;
    }

    private static byte[] frame(Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LittleEndianOutput out = new LittleEndianOutput(bytes)) {
            out.writeBytes("SATR".getBytes(StandardCharsets.ISO_8859_1));
            body.write(out);
        }
        return bytes.toByteArray();
    }
}
