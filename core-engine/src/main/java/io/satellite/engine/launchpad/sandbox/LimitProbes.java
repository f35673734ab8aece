package io.satellite.engine.launchpad.sandbox;

import java.util.List;

/**
 * Each rlimit tried for real with a small probe value: a 128 MiB {@code dd} buffer under a
 * 64 MiB address space (and once without, as a control), a busy loop under 1 CPU second, a
 * fork under a limit of 1 process, a 4 KiB write under a 1 KiB file size.
 */
final class LimitProbes {
    static final String AS = "address-space rlimit (memory)";
    static final String CPU = "CPU-time rlimit";
    static final String NPROC = "process-count rlimit";
    static final String FSIZE = "file-size rlimit";
    private static final String DD = "dd if=/dev/zero of=/dev/null bs=128M count=1";

    private final Sandbox sandbox;
    private final SandboxSpec base;
    private final ResourceLimits configured;

    LimitProbes(Sandbox sandbox, SandboxSpec base, ResourceLimits configured) {
        this.sandbox = sandbox;
        this.base = base;
        this.configured = configured;
    }

    List<IsolationFeature> probe() {
        ProbeRun.Result plain = run(ResourceLimits.unlimited(), "true", 20);
        if (Tools.find("prlimit").isEmpty() || !plain.succeeded()) {
            String why = Tools.find("prlimit").isEmpty() ? "prlimit (util-linux) not found, so no rlimit is applied"
                    : "could not probe: the sandbox does not run commands (" + last(plain) + ")";
            return List.of(new IsolationFeature(AS, false, why), new IsolationFeature(CPU, false, why),
                    new IsolationFeature(NPROC, false, why), new IsolationFeature(FSIZE, false, why));
        }
        return List.of(addressSpace(), cpu(), processes(), fileSize());
    }

    private IsolationFeature addressSpace() {
        ProbeRun.Result control = run(ResourceLimits.unlimited(), DD, 20);
        ProbeRun.Result r = run(ResourceLimits.unlimited().withAddressSpace(64 * ResourceLimits.MIB), DD, 20);
        boolean ok = control.succeeded() && !r.succeeded() && r.output().contains("memory exhausted");
        String probe = ok ? "a 128 MiB allocation failed under a 64 MiB limit (" + last(r) + ")"
                : control.succeeded() ? "a 128 MiB allocation succeeded under a 64 MiB limit"
                : "could not probe: a 128 MiB allocation failed even without a limit (" + last(control) + ")";
        return feature(AS, ok, ResourceLimits.bytes(configured.addressSpaceBytes()), probe);
    }

    private IsolationFeature cpu() {
        ProbeRun.Result r = run(ResourceLimits.unlimited().withCpuSeconds(1), "while :; do :; done", 10);
        // killed by SIGXCPU (128 + 24) or SIGKILL (128 + 9) after a second of CPU (more of wall time on a busy host)
        boolean ok = (r.exitCode() == 152 || r.exitCode() == 137) && r.millis() >= 900;
        String probe = ok ? "a busy loop was killed (exit " + r.exitCode() + ") after " + r.millis() + " ms under a 1 s limit"
                : "a busy loop under a 1 s limit " + (r.timedOut() ? "ran on for 10 s" : "ended with " + r.exitCode());
        String value = configured.cpuSeconds() == 0 ? "unlimited" : configured.cpuSeconds() + " s";
        return feature(CPU, ok, value, probe);
    }

    private IsolationFeature processes() {
        ProbeRun.Result r = run(ResourceLimits.unlimited().withMaxProcesses(1), "sleep 0 & wait $!", 20);
        boolean ok = !r.succeeded() && r.output().toLowerCase().contains("fork");
        String probe = r.succeeded() ? "a fork under a limit of 1 process succeeded (the kernel ignores the limit for root)"
                : "a fork under a limit of 1 process ended with: " + last(r);
        String value = configured.maxProcesses() == 0 ? "unlimited" : configured.maxProcesses() + " per uid";
        return feature(NPROC, ok, value, probe);
    }

    private IsolationFeature fileSize() {
        ProbeRun.Result r = run(ResourceLimits.unlimited().withMaxFileSize(1024),
                "head -c 4096 /dev/zero > ./.fsize-probe || exit 3", 20);
        boolean ok = r.exitCode() == 3;
        String probe = "writing 4 KiB under a 1 KiB limit " + (ok ? "failed" : "ended with " + r.exitCode());
        return feature(FSIZE, ok, ResourceLimits.bytes(configured.maxFileSizeBytes()), probe);
    }

    private ProbeRun.Result run(ResourceLimits limits, String script, long timeoutSeconds) {
        List<String> command = sandbox.wrap(List.of("sh", "-c", script), base.withLimits(limits));
        return ProbeRun.run(command, base.writableDir(), timeoutSeconds);
    }

    private static IsolationFeature feature(String name, boolean works, String configuredValue, String probe) {
        if (works && configuredValue.equals("unlimited")) {
            return new IsolationFeature(name, false, "no limit configured; the mechanism works here: " + probe);
        }
        return new IsolationFeature(name, works, "configured: " + configuredValue + "; probe: " + probe);
    }

    private static String last(ProbeRun.Result r) {
        String[] lines = r.output().trim().split("\n");
        return lines[lines.length - 1].trim();
    }
}
