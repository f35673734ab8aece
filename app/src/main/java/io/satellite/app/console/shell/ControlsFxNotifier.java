package io.satellite.app.console.shell;

import javafx.geometry.Pos;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;

/** Notifications in the window's lower right corner (ControlsFX), errors kept longer. */
final class ControlsFxNotifier implements Notifier {
    private static final int MAX_TEXT = 300;
    private final Window owner;

    ControlsFxNotifier(Window owner) {
        this.owner = owner;
    }

    @Override
    public void notify(Level level, String title, String text) {
        if (!owner.isShowing()) {
            return;
        }
        String body = text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
        Notifications n = Notifications.create().owner(owner).title(title).text(body.isEmpty() ? " " : body)
                .position(Pos.BOTTOM_RIGHT).hideAfter(Duration.seconds(level == Level.ERROR ? 12 : 7));
        switch (level) {
            case ERROR -> n.showError();
            case WARNING -> n.showWarning();
            default -> n.showInformation();
        }
    }
}
