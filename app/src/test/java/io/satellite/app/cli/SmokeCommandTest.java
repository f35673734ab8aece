package io.satellite.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code satellite --smoke} on a real engine, running real R in the real sandbox. */
class SmokeCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private int smoke(Map<String, String> env) throws IOException {
        return new SmokeCommand(new PrintStream(out, true, StandardCharsets.UTF_8), env, tmp).run(new String[0]);
    }

    private List<Path> leftInTmp() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("satellite-smoke-")).toList();
        }
    }

    @Test
    void runsAnRScriptInTheSandboxAndRemovesItsScratchDirectory() throws IOException {
        int status = smoke(Map.of());
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, text);
        assertTrue(text.contains("smoke: engine booted on a new database in " + tmp), text);
        assertTrue(text.matches("(?s).*R answered in \\d+ ms: R version 4\\..*"), text);
        assertTrue(text.contains("4 rows with mean sepal length 5.825"), text);
        assertTrue(text.contains("its own PID namespace (pid:["), text);
        assertTrue(text.matches("(?s).*smoke: passed in \\d+ ms\\n"), text);
        assertEquals(List.of(), leftInTmp());
    }

    @Test
    void aMissingRRuntimeFailsWithTheStepAndTheReason() throws IOException {
        int status = smoke(Map.of("SATELLITE_RSCRIPT", tmp.resolve("no-such-Rscript").toString()));
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, text);
        assertTrue(text.contains("smoke: FAILED while "), text);
        assertTrue(text.contains("no-such-Rscript"), text);
        assertEquals(List.of(), leftInTmp());
    }

    @Test
    void refusesArguments() {
        assertThrows(UsageException.class,
                () -> new SmokeCommand(new PrintStream(out), Map.of()).run(new String[] {"--data", "x"}));
    }

    @Test
    void theAnswerCheckRefusesAWrongMeanASharedNamespaceAndAVisibleDatabase() {
        String own = "pid:[4026531836]";
        var good = new SmokeCommand.WorkerAnswer(4, 5.825, 3, "pid:[4026532001]", false, "nobody", "R");
        good.check(4, 5.825, own);
        assertThrows(IllegalStateException.class, () -> good.check(4, 5.9, own));
        assertThrows(IllegalStateException.class, () -> good.check(5, 5.825, own));
        var sameNamespace = new SmokeCommand.WorkerAnswer(4, 5.825, 3, own, false, "nobody", "R");
        var msg = assertThrows(IllegalStateException.class, () -> sameNamespace.check(4, 5.825, own)).getMessage();
        assertTrue(msg.contains("PID namespace"), msg);
        var seesData = new SmokeCommand.WorkerAnswer(4, 5.825, 3, "pid:[4026532001]", true, "nobody", "R");
        msg = assertThrows(IllegalStateException.class, () -> seesData.check(4, 5.825, own)).getMessage();
        assertTrue(msg.contains("database directory"), msg);
    }
}
