package io.satellite.engine.launchpad;

import java.util.ArrayList;
import java.util.List;

/**
 * A registered external language: the command that starts one worker. In the command,
 * {@code {launcher}} is replaced by the path of the language's launcher script and
 * {@code {results}} by the path of the pipe the worker writes its results to.
 */
public record ExternalRuntime(String language, List<String> command, String launcherResource) {

    public static ExternalRuntime r(String rscript) {
        return new ExternalRuntime("R", List.of(rscript, "--vanilla", "{launcher}", "{results}"),
                "worker.R");
    }

    List<String> commandFor(String launcherPath, String resultsPath) {
        List<String> out = new ArrayList<>();
        for (String part : command) {
            out.add(part.replace("{launcher}", launcherPath).replace("{results}", resultsPath));
        }
        return out;
    }
}
