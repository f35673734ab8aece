package io.satellite.app.console.settings;

import io.satellite.app.console.shell.ConsoleContext;
import io.satellite.app.console.shell.ConsoleFeature;
import javafx.scene.Node;

/** Runtimes and settings in the navigation (issue 8). */
public final class SettingsFeature implements ConsoleFeature {
    @Override
    public String id() {
        return "settings";
    }

    @Override
    public String title() {
        return "Runtimes & settings";
    }

    @Override
    public String section() {
        return "Administer";
    }

    @Override
    public String icon() {
        return "M7 1h2v3H7z M7 12h2v3H7z M1 7h3v2H1z M12 7h3v2h-3z M5 5h6v6H5z";
    }

    @Override
    public Node open(ConsoleContext context) {
        SettingsViewModel vm = new SettingsViewModel(context.executor("settings"), context.session());
        vm.refresh();
        return new SettingsView(vm).root();
    }
}
