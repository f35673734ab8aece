package io.satellite.engine.launchpad;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The launchpad: per language, a warm zygote and a pool of prelaunched workers forked from
 * it, each used for exactly one job and then discarded. If a language's zygote cannot run,
 * its jobs fall back to cold starts; a zygote that dies is restarted by its pool. Where each
 * worker gets a uid of its own but a language's zygote cannot give one to its children (a
 * registered language's launcher), that language's pool holds whole runtimes started ahead
 * instead ({@link PrelaunchedPool}).
 */
public final class PooledLaunchpad implements Launchpad {
    private final Path jobsRoot;
    private final Map<String, ExternalRuntime> runtimes = new LinkedHashMap<>();
    private final Map<String, ReadyWorkers> pools = new LinkedHashMap<>();
    private final ColdStartLaunchpad cold;
    /** Languages whose pooled workers are whole runtimes started ahead (no zygote). */
    private final Set<String> prelaunched = new java.util.LinkedHashSet<>();
    private final Confinement confinement;

    public PooledLaunchpad(Path jobsRoot, List<ExternalRuntime> runtimes, int poolSize, Confinement confinement)
            throws IOException {
        this.cold = new ColdStartLaunchpad(jobsRoot, runtimes, confinement);
        this.jobsRoot = jobsRoot;
        this.confinement = confinement;
        Path launchers = cold.launchers();
        // Workers may enter their own (randomly named) directory but not list the others.
        java.nio.file.Files.setPosixFilePermissions(jobsRoot,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        for (ExternalRuntime rt : runtimes) {
            String key = rt.language().toUpperCase(Locale.ROOT);
            this.runtimes.put(key, rt);
            // a zygote whose children each take their own uid keeps root (CAP_SETUID/CAP_SETGID only);
            // one whose children could not (or could not move their temporary files) is no zygote
            boolean ownUid = confinement.uidPerWorker();
            if (!ownUid && forkConfinement == null) {
                forkConfinement = ForkConfinement.probe(WorkerLimits.forZygote(confinement), jobsRoot, launchers);
            }
            if (!rt.forksIsolatedChildren(launchers, ownUid) || !(ownUid || forkConfinement.works())) {
                pools.put(key, new PrelaunchedPool(rt.language(), cold, poolSize));
                prelaunched.add(rt.language());
                continue;
            }
            Confinement zygoteConfinement = WorkerLimits.forZygote(confinement);
            if (ownUid) {
                zygoteConfinement = zygoteConfinement.withRunAsUid(io.satellite.engine.launchpad.sandbox.SandboxSpec.FORKING_ROOT);
            }
            Confinement confined = zygoteConfinement;
            List<String> command = rt.zygoteCommand(launchers.resolve(rt.launcherResource()).toString());
            try {
                pools.put(key, new WarmPool(rt, () -> Zygote.start(rt.language(), command, confined, jobsRoot,
                        confinement.limits().maxProcesses()), jobsRoot,
                        poolSize, confinement, ownUid ? confinement.workerUids() : null));
            } catch (IOException e) {
                // no zygote for this language: its jobs start cold
            }
        }
    }

    /**
     * Whether each worker runs as a uid of its own: cold, forked and prelaunched ones alike (a
     * language whose zygote cannot give its children a uid gets a pool of whole runtimes).
     */
    @Override
    public io.satellite.engine.launchpad.sandbox.IsolationFeature uidPerWorker() {
        io.satellite.engine.launchpad.sandbox.IsolationFeature coldOnes = cold.uidPerWorker();
        if (!coldOnes.enforced() || prelaunched.isEmpty()) {
            return coldOnes;
        }
        Path launchers = cold.launchers();
        List<String> why = new java.util.ArrayList<>();
        for (String l : prelaunched) {
            ExternalRuntime rt = runtimes.get(l.toUpperCase(Locale.ROOT));
            why.add(l + (rt.launcherFile() != null ? " (a registered language: its launcher is not known to switch uid)"
                    : rt.launcherResource().equals("worker.R") && !java.nio.file.Files.exists(
                            launchers.resolve(ExternalRuntime.BECOME_LIBRARY))
                    ? " (" + ExternalRuntime.BECOME_LIBRARY + " was not built: no gcc at build time)" : ""));
        }
        return new io.satellite.engine.launchpad.sandbox.IsolationFeature(coldOnes.name(), true, coldOnes.detail()
                + "; the pooled workers of " + String.join(", ", why) + " are whole runtimes started ahead, each as"
                + " its own uid, rather than forks of a zygote");
    }

    /** Whether forks that share the engine's uid keep apart here; probed once, only for an engine that is not root. */
    private ForkConfinement forkConfinement;

    /**
     * With a uid per worker, permissions keep jobs apart. Without (an engine that is not root),
     * forked workers share the engine's uid and their zygote's sandbox, and each takes a view of
     * its own and confines itself with Landlock ({@link ForkConfinement}).
     */
    @Override
    public io.satellite.engine.launchpad.sandbox.IsolationFeature otherJobsOutOfReach() {
        if (confinement.sandbox() instanceof io.satellite.engine.launchpad.sandbox.NoSandbox
                || confinement.sandbox() instanceof io.satellite.engine.launchpad.sandbox.UnshareSandbox
                && !confinement.uidPerWorker()) {
            return cold.otherJobsOutOfReach();  // what the cold workers' sandbox shows is what every worker sees
        }
        if (confinement.uidPerWorker()) {
            return new io.satellite.engine.launchpad.sandbox.IsolationFeature(OTHER_JOBS_OUT_OF_REACH, true,
                    "each worker has a uid of its own (see 'a uid per worker'): another job's directory is that uid's,"
                    + " mode 0700, and its processes cannot be signalled");
        }
        List<String> forked = runtimes.values().stream().map(ExternalRuntime::language).filter(this::forksFromZygote)
                .sorted().toList();
        int abi = io.satellite.engine.launchpad.sandbox.Landlock.abi();
        if (forked.isEmpty()) {
            return new io.satellite.engine.launchpad.sandbox.IsolationFeature(OTHER_JOBS_OUT_OF_REACH, true,
                    "every pooled worker is a runtime started ahead in a sandbox of its own"
                    + (forkConfinement != null && !forkConfinement.works() ? " (forks would share the engine's uid, and "
                    + forkConfinement.detail() + ")" : ""));
        }
        return new io.satellite.engine.launchpad.sandbox.IsolationFeature(OTHER_JOBS_OUT_OF_REACH, true,
                "the forked workers of " + String.join(", ", forked) + " share the engine's uid and their zygote's"
                + " sandbox, so each takes a view of its own (user, mount, IPC and network namespaces: the jobs directory"
                + " holds only its own, /dev/shm and the loopback are its own) and confines itself with Landlock (ABI "
                + abi + "): it cannot open another job's files, read their /proc files (root, cwd, fd) or signal any"
                + " process but its own");
    }

    @Override
    public Set<String> languages() {
        return cold.languages();
    }

    @Override
    public Worker acquire(String language) throws LaunchpadException {
        String key = language == null ? "" : language.trim().toUpperCase(Locale.ROOT);
        ReadyWorkers pool = pools.get(key);
        if (pool != null) {
            try {
                return pool.take();
            } catch (IOException e) {
                // no ready worker and the zygote cannot fork (it is being restarted): start cold
            }
        }
        return cold.acquire(language);
    }

    /** Whether a language's pool forks its workers from a zygote (rather than {@link PrelaunchedPool whole runtimes}). */
    boolean forksFromZygote(String language) {
        return pools.get(language.toUpperCase(Locale.ROOT)) instanceof WarmPool;
    }

    /** Ready workers of a language (for diagnostics and tests). */
    public int readyWorkers(String language) {
        ReadyWorkers pool = pools.get(language.toUpperCase(Locale.ROOT));
        return pool == null ? 0 : pool.readyCount();
    }

    @Override
    public Standby standby() {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        java.util.Set<Path> dirs = new java.util.HashSet<>();
        pools.values().forEach(p -> p.addStandby(pids, dirs));
        pids.addAll(cold.standby().pids());
        return new Standby(java.util.Set.copyOf(pids), java.util.Set.copyOf(dirs));
    }

    @Override
    public void close() {
        pools.values().forEach(ReadyWorkers::close);
        cold.close(); // after the pools: their workers' uids are back, the accounts' helper may stop
        // whatever slot a closing pool did not get to (a refill cut short) goes now: a clean stop leaves nothing
        try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(jobsRoot)) {
            left.forEach(Directories::deleteQuietly);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // swept by the next start's recovery
        }
    }
}
