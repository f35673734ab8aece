package io.satellite.engine.launchpad;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simplest launchpad: every job starts a fresh runtime process in a fresh working
 * directory under {@code jobsRoot}. The pooled, sandboxed launchpad replaces it.
 */
public final class ColdStartLaunchpad implements Launchpad {
    private final Path jobsRoot;
    private final Path launchers;
    private final Map<String, ExternalRuntime> runtimes = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Confinement confinement;

    /** An unconfined launchpad (no sandbox, no limits). */
    public ColdStartLaunchpad(Path jobsRoot, List<ExternalRuntime> runtimes) throws IOException {
        this(jobsRoot, runtimes, Confinement.none());
    }

    public ColdStartLaunchpad(Path jobsRoot, List<ExternalRuntime> runtimes, Confinement confinement)
            throws IOException {
        this.confinement = confinement;
        this.jobsRoot = Files.createDirectories(jobsRoot);
        this.launchers = Files.createDirectories(jobsRoot.resolveSibling("launchers"));
        for (ExternalRuntime rt : runtimes) {
            this.runtimes.put(rt.language().toUpperCase(Locale.ROOT), rt);
            if (rt.launcherFile() != null) {
                Files.copy(rt.launcherFile(), launchers.resolve(rt.launcherResource()),
                        StandardCopyOption.REPLACE_EXISTING);
            } else {
                extract(rt.launcherResource());
            }
        }
        cleanLeftovers();
    }

    private void extract(String resource) throws IOException {
        try (InputStream in = ColdStartLaunchpad.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("launcher script " + resource + " is missing from the build");
            }
            Files.copy(in, launchers.resolve(resource), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Directories of jobs that were running when the engine last stopped hard. */
    private void cleanLeftovers() throws IOException {
        try (var dirs = Files.list(jobsRoot)) {
            dirs.forEach(Directories::deleteTree);
        }
    }

    Path launchers() {
        return launchers;
    }

    @Override
    public Set<String> languages() {
        Set<String> names = new java.util.LinkedHashSet<>();
        runtimes.values().forEach(rt -> names.add(rt.language()));
        return names;
    }

    @Override
    public Worker acquire(String language) throws LaunchpadException {
        ExternalRuntime rt = runtimes.get(language == null ? "" : language.trim().toUpperCase(Locale.ROOT));
        if (rt == null) {
            throw new LaunchpadException("Unknown external language '" + language
                    + "'. Registered languages: " + String.join(", ", languages()));
        }
        Path dir = jobsRoot.resolve("job-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet());
        try {
            Files.createDirectories(dir);
            Path pipe = dir.resolve("results.pipe");
            Pipes.create(pipe);
            confinement.handOver(dir);
            ProcessBuilder pb = new ProcessBuilder(confinement.wrap(rt.jobCommand(
                    launchers.resolve(rt.launcherResource()).toString(), pipe.toString()), dir));
            pb.directory(dir.toFile());
            pb.environment().put("LANG", "C.UTF-8");
            pb.environment().put("LC_ALL", "C.UTF-8");
            pb.environment().put("HOME", dir.toString());
            pb.environment().put("TMPDIR", dir.toString());
            return new ColdWorker(rt.language(), pb.start(), dir, pipe);
        } catch (IOException e) {
            Directories.deleteTree(dir);
            throw new LaunchpadException("could not start the " + rt.language() + " runtime ("
                    + String.join(" ", rt.command()) + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // cold-start workers are owned and closed by their jobs
    }
}
