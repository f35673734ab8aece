package io.satellite.engine.launchpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's side of the zygote protocol, against a stand-in runtime (a shell loop) that
 * answers every FORK with NOFORK, as R and Python do when the fork itself fails.
 */
class ZygoteAnswersTest {
    @TempDir
    Path dir;

    @Test
    void aFailedForkIsAnErrorNamingTheReasonAndTheZygoteLivesOn() throws Exception {
        String runtime = "while read cmd slot; do printf 'NOFORK %s\\tunable to fork, possible reason:"
                + " Resource temporarily unavailable\\n' \"$slot\"; done";
        Zygote zygote = new Zygote("R", List.of("sh", "-c", runtime), dir);
        try {
            IOException first = assertThrows(IOException.class, () -> zygote.forkAndWait(dir.resolve("a"), 5000));
            assertEquals("the R zygote could not fork: unable to fork, possible reason: Resource temporarily"
                    + " unavailable", first.getMessage());
            IOException second = assertThrows(IOException.class, () -> zygote.forkAndWait(dir.resolve("b"), 5000));
            assertTrue(second.getMessage().contains("could not fork"), second.getMessage());
            assertTrue(zygote.isAlive(), "the zygote carries on after a failed fork");
        } finally {
            zygote.close();
        }
    }
}
