package io.satellite.app.console.security;

import io.satellite.app.console.shell.ConsoleContext;
import io.satellite.app.console.shell.ConsoleFeature;
import javafx.scene.Node;

/** Security in the navigation (issue 8): logins, roles, permissions. */
public final class SecurityFeature implements ConsoleFeature {
    @Override
    public String id() {
        return "security";
    }

    @Override
    public String title() {
        return "Security";
    }

    @Override
    public String section() {
        return "Administer";
    }

    @Override
    public String icon() {
        return "M8 1l6 2.5v4.5c0 3.5-2.6 6.3-6 7-3.4-.7-6-3.5-6-7V3.5z";
    }

    @Override
    public Node open(ConsoleContext context) {
        SecurityViewModel vm = new SecurityViewModel(context.executor("security"), context.session());
        vm.refresh();
        return new SecurityView(vm).root();
    }
}
