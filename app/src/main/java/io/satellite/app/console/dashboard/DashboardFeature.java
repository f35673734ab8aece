package io.satellite.app.console.dashboard;

import io.satellite.app.console.Poller;
import io.satellite.app.console.shell.ConsoleContext;
import io.satellite.app.console.shell.ConsoleFeature;
import java.time.Clock;
import java.time.Duration;
import javafx.scene.Node;

/** The dashboard in the navigation: read once a second. */
public final class DashboardFeature implements ConsoleFeature {
    @Override
    public String id() {
        return "dashboard";
    }

    @Override
    public String title() {
        return "Dashboard";
    }

    @Override
    public String section() {
        return "Monitor";
    }

    @Override
    public String icon() {
        return "M1 9h3v6H1z M6 5h3v10H6z M11 1h3v14h-3z";
    }

    @Override
    public Node open(ConsoleContext context) {
        DashboardViewModel vm = new DashboardViewModel(context.executor("dashboard"), context.session(),
                Clock.systemUTC());
        DashboardView view = new DashboardView(vm, context.themeProperty());
        Poller poller = new Poller(Duration.ofSeconds(1), vm::refresh);
        context.onClose(poller::stop);
        return view.root();
    }
}
