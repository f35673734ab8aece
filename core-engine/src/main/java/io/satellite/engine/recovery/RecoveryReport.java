package io.satellite.engine.recovery;

import io.satellite.engine.requests.JournalEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * What start-up recovery found and did: the requests recorded as interrupted, the orphan
 * processes stopped, the leftover job directories removed, and what other modules' steps did.
 */
public record RecoveryReport(List<JournalEntry> requests, List<OrphanProcesses.Orphan> orphans,
                             int jobDirectories, List<String> steps) {

    /** Whether the previous engine stopped cleanly (nothing to recover). */
    public boolean clean() {
        return requests.isEmpty() && orphans.isEmpty() && jobDirectories == 0 && steps.isEmpty();
    }

    /** One line per finding, for the log. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        long interrupted = requests.stream().filter(r -> r.error() != null
                && r.error().startsWith(InterruptedRequests.REASON)).count();
        if (interrupted > 0) {
            out.add(interrupted + " interrupted request(s) recorded in the history as FAILED: "
                    + String.join(", ", requests.stream().filter(r -> r.error() != null
                    && r.error().startsWith(InterruptedRequests.REASON)).map(r -> Long.toString(r.id())).toList()));
        }
        if (requests.size() > interrupted) {
            out.add((requests.size() - interrupted) + " finished request(s) whose history row was not yet written"
                    + " recorded as they ended");
        }
        for (OrphanProcesses.Orphan o : orphans) {
            out.add("stopped leftover process " + o.pid() + ": " + clip(o.commandLine()));
        }
        if (jobDirectories > 0) {
            out.add("removed " + jobDirectories + " leftover job director" + (jobDirectories == 1 ? "y" : "ies"));
        }
        out.addAll(steps);
        return out;
    }

    private static String clip(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
