package io.satellite.engine.launchpad.sandbox;

import java.util.List;

/**
 * No namespaces at all: the runtime sees the host's processes, network and files. It still
 * gets the rlimits and, when the engine is root, the unprivileged uid, since neither needs a
 * sandbox tool. {@link SandboxDiagnostics} reports everything else as not enforced.
 */
public final class NoSandbox implements Sandbox {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public List<String> wrap(List<String> command, SandboxSpec spec) {
        return PrivilegeDrop.inner(spec, command);
    }

    @Override
    public String toString() {
        return "none (runs unconfined)";
    }
}
