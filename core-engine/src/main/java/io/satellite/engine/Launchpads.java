package io.satellite.engine;

import io.satellite.engine.launchpad.Confinement;
import io.satellite.engine.launchpad.sandbox.ResourceLimits;
import io.satellite.engine.launchpad.sandbox.Sandbox;
import io.satellite.engine.launchpad.sandbox.SandboxSpec;
import java.nio.file.Path;
import java.util.List;

/** The engine's choice of confinement for its runtimes. */
final class Launchpads {
    /** One uid runs every worker of the engine; its process budget covers them all. */
    static final int MAX_PROCESSES = 256;

    private Launchpads() {
    }

    /**
     * The best sandbox of this host; runtimes read the launcher scripts, write only their
     * own directory, never see the database, run as nobody when the engine is root, and may
     * not open network connections.
     */
    static Confinement confinement(Path data) {
        return new Confinement(Sandbox.detect(), List.of(data.resolve("launchers")),
                List.of(data.resolve(Engine.DATABASE_NAME)),
                ResourceLimits.defaults().withMaxProcesses(MAX_PROCESSES), SandboxSpec.NOBODY, false);
    }
}
