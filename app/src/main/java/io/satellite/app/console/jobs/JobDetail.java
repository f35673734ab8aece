package io.satellite.app.console.jobs;

import java.util.List;

/**
 * What the detail pane shows of one job, running or finished: a heading, facts, the script and
 * input query, the output or error, and its samples ({@code live} while it runs).
 */
public record JobDetail(long id, String heading, String facts, String script, String output,
                        List<UsagePoint> points, boolean live) {
    public JobDetail {
        points = List.copyOf(points);
    }
}
