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
 * its jobs fall back to cold starts; a zygote that dies is restarted by its pool.
 */
public final class PooledLaunchpad implements Launchpad {
    private final Path jobsRoot;
    private final Map<String, ExternalRuntime> runtimes = new LinkedHashMap<>();
    private final Map<String, WarmPool> pools = new LinkedHashMap<>();
    private final ColdStartLaunchpad cold;

    public PooledLaunchpad(Path jobsRoot, List<ExternalRuntime> runtimes, int poolSize, Confinement confinement)
            throws IOException {
        this.cold = new ColdStartLaunchpad(jobsRoot, runtimes, confinement);
        this.jobsRoot = jobsRoot;
        Path launchers = cold.launchers();
        // Workers may enter their own (randomly named) directory but not list the others.
        java.nio.file.Files.setPosixFilePermissions(jobsRoot,
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        for (ExternalRuntime rt : runtimes) {
            String key = rt.language().toUpperCase(Locale.ROOT);
            this.runtimes.put(key, rt);
            List<String> zygote = WorkerLimits.forZygote(confinement).wrap(
                    rt.zygoteCommand(launchers.resolve(rt.launcherResource()).toString()), jobsRoot);
            try {
                pools.put(key, new WarmPool(rt, () -> new Zygote(rt.language(), zygote, jobsRoot), jobsRoot,
                        poolSize, confinement));
            } catch (IOException e) {
                // no zygote for this language: its jobs start cold
            }
        }
    }

    @Override
    public Set<String> languages() {
        return cold.languages();
    }

    @Override
    public Worker acquire(String language) throws LaunchpadException {
        String key = language == null ? "" : language.trim().toUpperCase(Locale.ROOT);
        WarmPool pool = pools.get(key);
        if (pool != null) {
            try {
                return pool.take();
            } catch (IOException e) {
                // no ready worker and the zygote cannot fork (it is being restarted): start cold
            }
        }
        return cold.acquire(language);
    }

    /** Ready workers of a language (for diagnostics and tests). */
    public int readyWorkers(String language) {
        WarmPool pool = pools.get(language.toUpperCase(Locale.ROOT));
        return pool == null ? 0 : pool.readyCount();
    }

    @Override
    public Standby standby() {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        java.util.Set<Path> dirs = new java.util.HashSet<>();
        pools.values().forEach(p -> p.addStandby(pids, dirs));
        return new Standby(java.util.Set.copyOf(pids), java.util.Set.copyOf(dirs));
    }

    @Override
    public void close() {
        pools.values().forEach(WarmPool::close);
        cold.close();
        // whatever slot a closing pool did not get to (a refill cut short) goes now: a clean stop leaves nothing
        try (java.util.stream.Stream<Path> left = java.nio.file.Files.list(jobsRoot)) {
            left.forEach(Directories::deleteQuietly);
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // swept by the next start's recovery
        }
    }
}
