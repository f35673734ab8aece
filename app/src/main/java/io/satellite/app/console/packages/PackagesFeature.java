package io.satellite.app.console.packages;

import io.satellite.app.console.Poller;
import io.satellite.app.console.shell.ConsoleContext;
import io.satellite.app.console.shell.ConsoleFeature;
import java.time.Duration;
import javafx.scene.Node;

/** Packages in the navigation: R packages available and installed, installs with their plan and progress. */
public final class PackagesFeature implements ConsoleFeature {
    @Override
    public String id() {
        return "packages";
    }

    @Override
    public String title() {
        return "Packages";
    }

    @Override
    public String section() {
        return "Administer";
    }

    @Override
    public String icon() {
        return "M2 5l6-3 6 3v7l-6 3-6-3z M2 5l6 3 6-3 M8 8v7";
    }

    @Override
    public Node open(ConsoleContext context) {
        PackagesViewModel vm = new PackagesViewModel(context.executor("packages"), context.executor("packages-progress"),
                context.session());
        vm.refresh();
        Poller poller = new Poller(Duration.ofMillis(300), vm::poll);
        context.onClose(poller::stop);
        return new PackagesView(vm).root();
    }
}
