package io.satellite.engine.launchpad.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The kernel's Landlock ABI (Linux 5.13+), which forked workers without a uid of their own
 * confine themselves with (see {@code satellite-become.c}). ABI 6 (Linux 6.12) added the
 * scoping of signals and abstract unix sockets to a domain. Java cannot make the syscall, so
 * Python (a dependency of the engine anyway) asks once: {@code landlock_create_ruleset} with
 * the VERSION flag, syscall 444 on every architecture.
 */
public final class Landlock {
    /** The first ABI whose domains also keep their processes from signalling outside. */
    public static final int SIGNAL_SCOPING = 6;
    private static volatile Integer abi;

    private Landlock() {
    }

    /** The ABI, 0 where the kernel has no Landlock (or it is disabled), -1 where it cannot be asked. */
    public static int abi() {
        Integer known = abi;
        if (known == null) {
            known = ask();
            if (known >= 0) {  // a failed question is asked again next time
                abi = known;
            }
        }
        return known;
    }

    private static int ask() {
        String python = Tools.find("python3").orElse(null);
        if (python == null) {
            return -1;
        }
        try {
            java.nio.file.Path out = java.nio.file.Files.createTempFile("satellite-landlock", ".txt");
            try {
                Process p = new ProcessBuilder(List.of(python, "-c",
                        "import ctypes; print(ctypes.CDLL(None).syscall(444, None, ctypes.c_size_t(0), 1))"))
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    p.destroyForcibly();
                    return -1;
                }
                return Math.max(0, Integer.parseInt(java.nio.file.Files.readString(out, StandardCharsets.UTF_8).trim()));
            } finally {
                java.nio.file.Files.deleteIfExists(out);
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
