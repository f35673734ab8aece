package io.satellite.app.console.audit;

import io.satellite.app.console.shell.ConsoleContext;
import io.satellite.app.console.shell.ConsoleFeature;
import javafx.scene.Node;

/** The audit log in the navigation (issue 8), read when opened and on Refresh. */
public final class AuditFeature implements ConsoleFeature {
    @Override
    public String id() {
        return "audit";
    }

    @Override
    public String title() {
        return "Audit";
    }

    @Override
    public String section() {
        return "Administer";
    }

    @Override
    public String icon() {
        return "M3 1h8l3 3v11H3z M5 6h7v1.5H5z M5 9h7v1.5H5z M5 12h5v1.5H5z";
    }

    @Override
    public Node open(ConsoleContext context) {
        AuditViewModel vm = new AuditViewModel(context.executor("audit"), context.session());
        vm.refresh();
        return new AuditView(vm, context.session().remote()).root();
    }
}
