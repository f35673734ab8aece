package io.satellite.app.console;

import java.util.Objects;
import javafx.scene.Scene;
import javafx.stage.Stage;

/** The console's main window: the query window in a stage, with the console's style sheet. */
public final class ConsoleWindow {
    public static final String TITLE = "Satellite — Query";
    static final double WIDTH = 1120;
    static final double HEIGHT = 760;

    private ConsoleWindow() {
    }

    public static Scene scene(QueryViewModel vm) {
        Scene scene = new Scene(new QueryView(vm).root(), WIDTH, HEIGHT);
        scene.getStylesheets().add(Objects.requireNonNull(
                ConsoleWindow.class.getResource("console.css"), "console.css").toExternalForm());
        return scene;
    }

    /** Shows the window on {@code stage} and starts connecting (in the background). */
    public static void show(Stage stage, QueryViewModel vm) {
        stage.setTitle(TITLE);
        stage.setScene(scene(vm));
        stage.setMinWidth(640);
        stage.setMinHeight(420);
        stage.show();
        vm.connect();
    }
}
