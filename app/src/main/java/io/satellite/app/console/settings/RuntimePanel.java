package io.satellite.app.console.settings;

import java.nio.file.Path;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

/**
 * Runtimes: test a language with one click (an empty script in a real sandboxed worker), and
 * register a runtime (CREATE EXTERNAL LANGUAGE) with its fields checked as they are typed.
 */
final class RuntimePanel {
    private final VBox root;
    private final ObservableList<String> languages = FXCollections.observableArrayList("R", "Python");

    RuntimePanel(SettingsViewModel vm) {
        ComboBox<String> language = new ComboBox<>(languages);
        language.setId("runtime-language");
        language.setValue("R");
        Button test = new Button("Test runtime");
        test.setId("runtime-test");
        test.setOnAction(e -> vm.testRuntime(language.getValue()));
        Label result = new Label();
        result.setId("runtime-result");
        result.setWrapText(true);
        result.getStyleClass().add("hint");
        result.textProperty().bind(vm.runtimeMessageProperty());
        vm.readingProperty().addListener((o, was, r) -> {
            java.util.List<String> names = new java.util.ArrayList<>(java.util.List.of("R", "Python"));
            r.languages().rows().stream().map(row -> row.get(0)).filter(n -> !names.contains(n)).forEach(names::add);
            if (!names.equals(languages)) {
                languages.setAll(names);
            }
        });

        TextField name = field("runtime-name", "e.g. Julia");
        TextField command = field("runtime-command", "/usr/bin/julia {launcher}");
        TextField launcher = field("runtime-launcher", "/opt/satellite/worker.jl");
        ValidationSupport validation = new ValidationSupport();
        validation.registerValidator(name, Validator.<String>createPredicateValidator(
                t -> t != null && t.strip().matches("[A-Za-z][A-Za-z0-9_]{0,63}"),
                "A language name: a letter, then letters, digits or _ (at most 64)"));
        validation.registerValidator(command, Validator.<String>createPredicateValidator(
                t -> t != null && t.strip().startsWith("/") && t.contains("{launcher}"),
                "The command starts with the runtime's absolute path and has {launcher} where the launcher script goes"));
        validation.registerValidator(launcher, Validator.<String>createPredicateValidator(
                t -> t != null && !t.isBlank() && Path.of(t.strip()).isAbsolute(),
                "The launcher script's absolute path (a file that speaks the worker protocol)"));
        Button register = new Button("Register");
        register.setId("runtime-register");
        register.disableProperty().bind(validation.invalidProperty());
        register.setOnAction(e -> vm.registerLanguage(name.getText(), command.getText(), launcher.getText()));

        form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Language"), name);
        form.addRow(1, new Label("Command"), command);
        form.addRow(2, new Label("Launcher"), launcher);
        form.addRow(3, new Label(""), register);
        Label title = new Label("Runtimes");
        title.getStyleClass().add("panel-title");
        Label hint = new Label("A registered runtime (or a new path for R or Python) is used once the engine restarts."
                + " Administrators only.");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        root = new VBox(10, title, new HBox(10, language, test), result, form, hint);
        root.getStyleClass().add("panel");
        root.setStyle("-fx-padding: 12;");
    }

    private GridPane form;

    /** Registering is for administrators; testing is for anyone who may run scripts. */
    void setAdmin(boolean admin) {
        form.setDisable(!admin);
    }

    VBox root() {
        return root;
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(28);
        return f;
    }
}
