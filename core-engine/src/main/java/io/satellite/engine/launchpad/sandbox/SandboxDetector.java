package io.satellite.engine.launchpad.sandbox;

import java.util.List;
import java.util.Optional;

/** Probes, once, which sandbox tool works here. */
final class SandboxDetector {
    static final Sandbox DETECTED = detect();

    private SandboxDetector() {
    }

    private static Sandbox detect() {
        Optional<String> bwrap = Tools.find("bwrap");
        if (bwrap.isPresent() && works(List.of(bwrap.get(), "--ro-bind", "/", "/", "true"))) {
            return new BubblewrapSandbox(bwrap.get());
        }
        Optional<String> unshare = Tools.find("unshare");
        if (unshare.isPresent() && Tools.engineIsRoot() && works(List.of(unshare.get(),
                "--pid", "--net", "--mount", "--ipc", "--uts", "--fork", "--mount-proc", "true"))) {
            return new UnshareSandbox(unshare.get());
        }
        return new NoSandbox();
    }

    static boolean works(List<String> command) {
        try {
            ProbeRun.Result r = ProbeRun.run(command, null, 10);
            return r.exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
