package io.satellite.engine.launchpad;

import io.satellite.engine.launchpad.sandbox.Landlock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether forked workers that share the engine's uid (an engine that is not root) can keep
 * apart here, asked once by experiment: a child in the zygote's own sandbox calls
 * {@code satellite_confine} on a slot of the jobs directory, as a forked worker would. That
 * fails where the kernel's Landlock is older than ABI 6, where users get no nested user
 * namespaces, or where the jobs directory lies in a directory every job may read. Where it
 * fails, the pools hold whole runtimes started ahead (each in a sandbox of its own) instead.
 *
 * @param works  whether the probe confined itself
 * @param detail why not (empty when it works)
 */
record ForkConfinement(boolean works, String detail) {
    private static final String PROBE = "import ctypes, sys\n"
            + "lib = ctypes.CDLL(sys.argv[1]); m = ctypes.create_string_buffer(b' ' * 300)\n"
            + "n, net, a, r = ctypes.c_int(0), ctypes.c_int(int(sys.argv[4])), ctypes.c_int(0), ctypes.c_int(0)\n"
            + "lib.satellite_confine((ctypes.c_char_p * 1)(sys.argv[2].encode()), (ctypes.c_char_p * 1)(sys.argv[3].encode()),"
            + " ctypes.byref(n), ctypes.byref(net), ctypes.byref(a), ctypes.byref(r),"
            + " (ctypes.c_char_p * 1)(ctypes.cast(m, ctypes.c_char_p)))\n"
            + "print('CONFINED' if r.value == 0 else 'REFUSED ' + m.value.decode(errors='replace').strip())\n";

    static ForkConfinement probe(Confinement zygote, Path jobsRoot, Path launchers) {
        int abi = Landlock.abi();
        if (abi < Landlock.SIGNAL_SCOPING) {
            return new ForkConfinement(false, abi < 0 ? "whether this kernel has Landlock is not known"
                    : "this kernel's Landlock ABI " + abi + " cannot keep them apart (ABI 6, Linux 6.12, can)");
        }
        Path library = launchers.resolve(ExternalRuntime.BECOME_LIBRARY);
        if (!Files.isRegularFile(library)) {
            return new ForkConfinement(false, ExternalRuntime.BECOME_LIBRARY + " was not built (no gcc at build time)");
        }
        Path slot = jobsRoot.resolve("job-probe-" + HexFormat.of().formatHex(java.nio.ByteBuffer.allocate(8)
                .putLong(System.nanoTime()).array()));
        try {
            Files.createDirectory(slot);
            List<String> command = new ArrayList<>(List.of("/usr/bin/env", "python3", "-c", PROBE, library.toString(),
                    slot.toString(), zygote.readOnlyList(),
                    zygote.outboundNetwork() ? "0" : "1"));
            Path out = Files.createTempFile("satellite-confine", ".txt");
            try {
                Process p = new ProcessBuilder(zygote.wrap(command, jobsRoot)).directory(jobsRoot.toFile())
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    return new ForkConfinement(false, "a confined child did not answer in 20 s");
                }
                String said = Files.readString(out, StandardCharsets.UTF_8).strip();
                return said.equals("CONFINED") ? new ForkConfinement(true, "")
                        : new ForkConfinement(false, "a child in the sandbox could not confine itself: "
                        + (said.startsWith("REFUSED ") ? said.substring("REFUSED ".length()) : said));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new ForkConfinement(false, "could not try: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ForkConfinement(false, "interrupted");
        } finally {
            Directories.deleteQuietly(slot);
        }
    }
}
