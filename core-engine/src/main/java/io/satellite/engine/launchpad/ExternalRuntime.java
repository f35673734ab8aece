package io.satellite.engine.launchpad;

import java.util.ArrayList;
import java.util.List;

/**
 * A registered external language: how to start its launcher script. In {@code command},
 * {@code {launcher}} stands for the launcher's path; the launchpad appends the mode
 * ({@code job <results-pipe>} or {@code zygote}, see PROTOCOL.md). A third language is a
 * new entry here plus a launcher script that speaks the protocol.
 */
public record ExternalRuntime(String language, List<String> command, String launcherResource) {

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
