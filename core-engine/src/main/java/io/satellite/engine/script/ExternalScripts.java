package io.satellite.engine.script;

import io.satellite.engine.launchpad.Launchpad;
import io.satellite.engine.launchpad.sandbox.ResourceLimits;
import java.sql.SQLException;

/**
 * The engine's external script service as the SQL procedures see it: the launchpad, the
 * result shapes, and the running value of 'external scripts enabled'. Derby calls
 * procedures as static methods, so the running engine installs its service here.
 */
public final class ExternalScripts {
    private static volatile ExternalScripts current;

    private final Launchpad launchpad;
    private final ResultShapes shapes;
    private final int rowsPerRead;
    private final io.satellite.engine.requests.ExternalRequests requests;
    private final io.satellite.engine.launchpad.PoolAdmission admission = new io.satellite.engine.launchpad.PoolAdmission();
    private final ResourceLimits workerLimits;
    private final SecurityCache securityCache = new SecurityCache();
    private volatile boolean enabled;

    public ExternalScripts(Launchpad launchpad, ResultShapes shapes, int rowsPerRead, boolean enabled,
                           io.satellite.engine.requests.ExternalRequests requests) {
        this(launchpad, shapes, rowsPerRead, enabled, requests, ResourceLimits.unlimited());
    }

    /** With the rlimits the launchpad's workers run under, named when a worker dies without an answer. */
    public ExternalScripts(Launchpad launchpad, ResultShapes shapes, int rowsPerRead, boolean enabled,
                           io.satellite.engine.requests.ExternalRequests requests, ResourceLimits workerLimits) {
        this.workerLimits = workerLimits;
        this.launchpad = launchpad;
        this.shapes = shapes;
        this.rowsPerRead = rowsPerRead;
        this.enabled = enabled;
        this.requests = requests;
    }

    private volatile java.util.function.Supplier<java.util.List<io.satellite.engine.launchpad.sandbox.IsolationFeature>>
            isolation = java.util.List::of;

    /** What the sandbox really enforces on this host (probed once, on first use). */
    public void setIsolationProbe(
            java.util.function.Supplier<java.util.List<io.satellite.engine.launchpad.sandbox.IsolationFeature>> probe) {
        java.util.concurrent.atomic.AtomicReference<java.util.List<io.satellite.engine.launchpad.sandbox.IsolationFeature>>
                memo = new java.util.concurrent.atomic.AtomicReference<>();
        this.isolation = () -> memo.updateAndGet(v -> v != null ? v : probe.get());
    }

    java.util.List<io.satellite.engine.launchpad.sandbox.IsolationFeature> isolation() {
        return isolation.get();
    }

    private volatile io.satellite.engine.libraries.LibraryLocations libraries;

    /** Where package libraries live: jobs of users who may use packages search them first. */
    public void setLibraries(io.satellite.engine.libraries.LibraryLocations locations) {
        this.libraries = locations;
    }

    /** The package libraries, or null when this engine has none (tests of the script path alone). */
    io.satellite.engine.libraries.LibraryLocations libraries() {
        return libraries;
    }

    /** Callers' permission and pool decisions, kept between their jobs. */
    SecurityCache securityCache() {
        return securityCache;
    }

    /** Admission of requests into their resource pools (MAX_PROCESSES, queue timeout). */
    public io.satellite.engine.launchpad.PoolAdmission admission() {
        return admission;
    }

    /** The active requests and their events. */
    public io.satellite.engine.requests.ExternalRequests requests() {
        return requests;
    }

    public static void install(ExternalScripts service) {
        current = service;
    }

    public static void uninstall(ExternalScripts service) {
        if (current == service) {
            current = null;
        }
    }

    /** The service of the engine running in this JVM, if any. */
    public static java.util.Optional<ExternalScripts> running() {
        return java.util.Optional.ofNullable(current);
    }

    static ExternalScripts current() throws SQLException {
        ExternalScripts s = current;
        if (s == null) {
            throw ScriptErrors.error(ScriptErrors.ENGINE_UNAVAILABLE, "External scripts are served by the Satellite"
                    + " engine, which is not running in this process; open the database with Satellite"
                    + " (satellite server, satellite sql or the console).");
        }
        return s;
    }

    Launchpad launchpad() {
        return launchpad;
    }

    /** A worker for a job of {@code pool}, already under the pool's affinity and memory share. */
    io.satellite.engine.launchpad.Worker acquire(String language, io.satellite.engine.launchpad.ResourcePool pool)
            throws io.satellite.engine.launchpad.LaunchpadException {
        io.satellite.engine.launchpad.Worker worker = launchpad.acquire(language);
        try {
            io.satellite.engine.launchpad.PoolLimits.apply(pool, workerLimits, worker);
        } catch (io.satellite.engine.launchpad.LaunchpadException | RuntimeException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    ResultShapes shapes() {
        return shapes;
    }

    ResourceLimits workerLimits() {
        return workerLimits;
    }

    int rowsPerRead() {
        return rowsPerRead;
    }

    boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }
}
