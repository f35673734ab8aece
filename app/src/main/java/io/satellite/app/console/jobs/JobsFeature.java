package io.satellite.app.console.jobs;

import io.satellite.app.console.Poller;
import io.satellite.app.console.shell.ConsoleContext;
import io.satellite.app.console.shell.ConsoleFeature;
import java.time.Duration;
import javafx.scene.Node;

/** Jobs in the navigation: running and finished external script requests, read once a second. */
public final class JobsFeature implements ConsoleFeature {
    @Override
    public String id() {
        return "jobs";
    }

    @Override
    public String title() {
        return "Jobs";
    }

    @Override
    public String section() {
        return "Monitor";
    }

    @Override
    public String icon() {
        return "M1 2h14v3H1z M1 7h14v3H1z M1 12h9v3H1z";
    }

    private JobSamples samples;

    /** Keeps the samples of jobs that end from login on, so that the history can chart them. */
    @Override
    public void sessionStarted(ConsoleContext context) {
        samples = new JobSamples(context.session());
        context.onClose(samples::close);
    }

    @Override
    public Node open(ConsoleContext context) {
        JobsViewModel vm = new JobsViewModel(context.executor("jobs"), context.session(), samples);
        Poller poller = new Poller(Duration.ofSeconds(1), vm::refresh);
        vm.refreshHistory();
        context.onClose(poller::stop);
        context.onClose(vm::stop);
        return new JobsView(vm, context.themeProperty()).root();
    }
}
