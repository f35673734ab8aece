package io.satellite.app.console.query;

import io.satellite.app.console.FxBackgroundExecutor;
import io.satellite.app.console.session.ConnectedSession;
import io.satellite.app.console.shell.ConsoleContext;
import io.satellite.app.console.shell.ConsoleFeature;
import javafx.scene.Node;

/** The query window in the navigation: T-SQL and sp_execute_external_script on its own connection. */
public final class QueryFeature implements ConsoleFeature {
    @Override
    public String id() {
        return "query";
    }

    @Override
    public String title() {
        return "Query";
    }

    @Override
    public String section() {
        return "Develop";
    }

    @Override
    public String icon() {
        return "M2 3h12v2H2z M2 7h8v2H2z M2 11h10v2H2z";
    }

    @Override
    public Node open(ConsoleContext context) {
        FxBackgroundExecutor batches = context.executor("query");
        FxBackgroundExecutor control = context.executor("query-control");
        ScriptCanceller canceller = new ScriptCanceller(context.session());
        QueryViewModel vm = new QueryViewModel(batches, control, () -> ConnectedSession.of(context.session()),
                canceller);
        context.onClose(canceller::close);
        vm.connect();
        return new QueryView(vm).root();
    }
}
