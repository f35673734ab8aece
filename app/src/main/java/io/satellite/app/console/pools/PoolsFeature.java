package io.satellite.app.console.pools;

import io.satellite.app.console.Poller;
import io.satellite.app.console.shell.ConsoleContext;
import io.satellite.app.console.shell.ConsoleFeature;
import java.time.Duration;
import javafx.scene.Node;

/** Resource pools in the navigation (issue 8), read every 2 seconds. */
public final class PoolsFeature implements ConsoleFeature {
    @Override
    public String id() {
        return "pools";
    }

    @Override
    public String title() {
        return "Resource pools";
    }

    @Override
    public String section() {
        return "Administer";
    }

    @Override
    public String icon() {
        return "M1 2h14v4H1z M1 8h9v4H1z M12 8h3v4h-3z M1 13h14v2H1z";
    }

    @Override
    public Node open(ConsoleContext context) {
        PoolsViewModel vm = new PoolsViewModel(context.executor("pools"), context.session());
        Poller poller = new Poller(Duration.ofSeconds(2), vm::refresh);
        context.onClose(poller::stop);
        return new PoolsView(vm).root();
    }
}
