package io.satellite.app.console.shell;

import javafx.scene.Node;

/**
 * One entry of the console's navigation: a view with its view model. The shell creates it the
 * first time the DBA opens it, on the UI thread; whatever it starts (pollers, executors,
 * listeners) it hands to {@link ConsoleContext#onClose} so it stops with the window.
 */
public interface ConsoleFeature {
    /** Stable id, used for the navigation entry's node id ({@code nav-<id>}) and screenshots. */
    String id();

    /** The name in the navigation, in the DBA's words. */
    String title();

    /** The navigation group it appears under (for example "Monitor", "Develop", "Administer"). */
    String section();

    /** An SVG path, drawn in a 16 by 16 box, for the navigation. */
    String icon();

    /**
     * Called once right after login, before any view is opened: a feature starts here what must
     * run for the whole session (and registers its end with {@link ConsoleContext#onClose}).
     */
    default void sessionStarted(ConsoleContext context) {
    }

    /** Builds the view. */
    Node open(ConsoleContext context);
}
