package io.satellite.engine.launchpad;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A registered external language: how to start its launcher script. In {@code command},
 * {@code {launcher}} stands for the launcher's path; the launchpad appends the mode
 * ({@code job <results-pipe>} or {@code zygote}, see PROTOCOL.md). R and Python are built in
 * (their launchers ship in the build); a third language is a row of
 * {@code SQLML.EXTERNAL_LANGUAGES} (command and launcher file) plus a launcher script that
 * speaks the protocol.
 *
 * @param launcherResource the launcher's file name in the launchers directory
 * @param launcherFile     where a registered language's launcher is copied from; null for the
 *                         built-in languages, whose launchers are resources of the build
 */
public record ExternalRuntime(String language, List<String> command, String launcherResource, Path launcherFile) {

    public ExternalRuntime(String language, List<String> command, String launcherResource) {
        this(language, command, launcherResource, null);
    }

    /**
     * A language registered in the catalog: {@code command} is split at spaces, and the
     * launcher's path goes where it says {@code {launcher}} (at the end if it says nowhere).
     */
    public static ExternalRuntime registered(String language, String command, Path launcher) {
        List<String> parts = new ArrayList<>(List.of(command.strip().split("\\s+")));
        if (parts.stream().noneMatch(p -> p.contains("{launcher}"))) {
            parts.add("{launcher}");
        }
        String name = "lang-" + language.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "-"
                + launcher.getFileName();
        return new ExternalRuntime(language, List.copyOf(parts), name, launcher);
    }

    /** The R zygote's way to give a child its own uid (see src/main/c); absent where gcc was missing at build time. */
    public static final String BECOME_LIBRARY = "satellite-become.so";

    /**
     * Whether this runtime's zygote keeps its children apart: each takes the uid on its FORK
     * line ({@code ownUid}) or, without one, confines itself with Landlock, and each moves its
     * temporary files into its slot. R needs {@link #BECOME_LIBRARY} in {@code launchers} for
     * all of it, Python only to confine itself; a registered language's launcher may do none of it.
     */
    boolean forksIsolatedChildren(Path launchers, boolean ownUid) {
        if (launcherFile != null) {
            return false;
        }
        boolean library = java.nio.file.Files.isRegularFile(launchers.resolve(BECOME_LIBRARY));
        return switch (launcherResource) {
            case "worker.py" -> ownUid || library;
            case "worker.R" -> library;
            default -> false;
        };
    }

    public static ExternalRuntime r(String rscript) {
        return new ExternalRuntime("R", List.of(rscript, "--vanilla", "{launcher}"), "worker.R");
    }

    /** Python 3 with pandas (Debian: {@code /usr/bin/python3}, {@code python3-pandas}). */
    public static ExternalRuntime python(String python3) {
        return new ExternalRuntime("Python", List.of(python3, "-u", "{launcher}"), "worker.py");
    }

    /** A single-job process writing its result to {@code resultsPath}. */
    List<String> jobCommand(String launcherPath, String resultsPath) {
        List<String> out = base(launcherPath);
        out.add("job");
        out.add(resultsPath);
        return out;
    }

    /** A zygote that forks one child per job. */
    List<String> zygoteCommand(String launcherPath) {
        List<String> out = base(launcherPath);
        out.add("zygote");
        return out;
    }

    private List<String> base(String launcherPath) {
        List<String> out = new ArrayList<>();
        for (String part : command) {
            out.add(part.replace("{launcher}", launcherPath));
        }
        return out;
    }
}
