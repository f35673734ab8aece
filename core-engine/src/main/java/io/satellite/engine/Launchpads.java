package io.satellite.engine;

import io.satellite.engine.launchpad.Confinement;
import io.satellite.engine.launchpad.WorkerAccounts;
import io.satellite.engine.launchpad.sandbox.Sandbox;
import io.satellite.engine.launchpad.sandbox.SandboxSpec;
import io.satellite.engine.requests.RequestJournal;
import java.nio.file.Path;
import java.util.List;

/** The engine's choice of confinement for its runtimes. */
final class Launchpads {
    private Launchpads() {
    }

    /**
     * The best sandbox of this host; runtimes read the launcher scripts, write only their
     * own directory, never see the database (nor the journal of requests in hand), run each as a uid of its own
     * ({@code SATELLITE_WORKER_UIDS}, default 1600000+1000) when the engine is root, and may not open network
     * connections unless 'outbound network access' is on; each runs under the options' worker limits.
     */
    static Confinement confinement(EngineOptions options, boolean outboundNetwork) {
        Path data = options.dataDirectory();
        return new Confinement(Sandbox.detect(), List.of(data.resolve("launchers"), data.resolve("libraries")),
                List.of(data.resolve(Engine.DATABASE_NAME), RequestJournal.directory(data)), options.workerLimits(),
                SandboxSpec.NOBODY, outboundNetwork, WorkerAccounts.fromEnvironment(System.getenv()));
    }
}
