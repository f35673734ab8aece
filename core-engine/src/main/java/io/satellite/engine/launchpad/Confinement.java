package io.satellite.engine.launchpad;

import io.satellite.engine.launchpad.sandbox.ResourceLimits;
import io.satellite.engine.launchpad.sandbox.Sandbox;
import io.satellite.engine.launchpad.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How the launchpad confines its runtimes: which sandbox, what they may read, what stays
 * hidden (the engine's data), their rlimits, the uid they run as, and whether they may open
 * network connections. Each runtime process gets one writable directory.
 */
public record Confinement(Sandbox sandbox, List<Path> readOnly, List<Path> hidden, ResourceLimits limits,
                          int runAsUid, boolean outboundNetwork) {

    /** No confinement at all (tests of the launchpad's own mechanics). */
    public static Confinement none() {
        return new Confinement(new io.satellite.engine.launchpad.sandbox.NoSandbox(), List.of(), List.of(),
                ResourceLimits.unlimited(), SandboxSpec.ENGINE_UID, true);
    }

    public SandboxSpec specFor(Path writable) {
        return SandboxSpec.of(writable).withReadOnly(readOnly.toArray(Path[]::new))
                .withHidden(hidden.toArray(Path[]::new)).withLimits(limits).withRunAsUid(runAsUid)
                .withOutboundNetwork(outboundNetwork);
    }

    /** The command line that runs {@code command} confined, writing only to {@code writable}. */
    public List<String> wrap(List<String> command, Path writable) {
        return sandbox.wrap(command, specFor(writable));
    }

    /** Hands {@code dir} (and what is in it) to the uid the runtimes run as. */
    public void handOver(Path dir) throws IOException {
        sandbox.prepare(SandboxSpec.of(dir).withRunAsUid(runAsUid));
    }
}
