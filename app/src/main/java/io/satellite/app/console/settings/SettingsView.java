package io.satellite.app.console.settings;

import io.satellite.app.console.query.ResultGrid;
import io.satellite.app.console.query.ResultTable;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Configuration (with the external scripts switch), external languages and the sandbox, one panel each. */
public final class SettingsView {
    private final VBox content = new VBox(12);
    private final ScrollPane root = new ScrollPane(content);
    private final VBox configuration = panel("Configuration (sp_configure)");
    private final VBox languages = panel("External languages (R and Python are built in)");
    private final VBox sandbox = panel("Sandbox: what this host enforces (DM_EXTERNAL_SANDBOX)");

    public SettingsView(SettingsViewModel vm) {
        content.getStyleClass().add("dashboard");
        root.setFitToWidth(true);
        root.getStyleClass().add("results-scroll");
        Button toggle = new Button();
        toggle.setId("scripts-toggle");
        toggle.textProperty().bind(vm.scriptsEnabledProperty().map(on -> on ? "Disable external scripts"
                : "Enable external scripts"));
        toggle.setOnAction(e -> vm.setScriptsEnabled(!vm.scriptsEnabledProperty().get()));
        Label message = new Label();
        message.getStyleClass().add("hint");
        message.textProperty().bind(vm.messageProperty());
        Label readOnly = new Label("Read-only: only administrators change settings. Test runtime runs a script as you.");
        readOnly.setId("settings-read-only");
        readOnly.getStyleClass().add("hint");
        readOnly.setVisible(false);
        readOnly.managedProperty().bind(readOnly.visibleProperty());
        ConfigurationPanel options = new ConfigurationPanel(vm);
        Label where = new Label(vm.where());
        where.setId("settings-where");
        where.getStyleClass().add("hint");
        configuration.getChildren().addAll(readOnly, where, new HBox(12, toggle, message), options.root());
        RuntimePanel runtimes = new RuntimePanel(vm);
        ServerPanel server = new ServerPanel(vm);
        content.getChildren().setAll(configuration, runtimes.root(), server.root(), languages, sandbox);
        vm.readingProperty().addListener((o, was, r) -> {
            readOnly.setVisible(!r.admin());
            toggle.setDisable(!r.admin());
            runtimes.setAdmin(r.admin());
            if (vm.canServe()) {
                server.setAdmin(r.admin());
            }
            options.show(r.configuration(), r.admin());
            fill(languages, r.languages());
            fill(sandbox, r.sandbox());
        });
    }

    public Parent root() {
        return root;
    }

    private static VBox panel(String title) {
        Label t = new Label(title);
        t.getStyleClass().add("panel-title");
        VBox box = new VBox(8, t);
        box.getStyleClass().add("panel");
        box.setStyle("-fx-padding: 12;");
        return box;
    }

    private static void fill(VBox panel, ResultTable table) {
        TableView<java.util.List<String>> grid = ResultGrid.create(table, t -> { });
        grid.setPrefHeight(ResultGrid.height(table, 12));
        grid.setMinHeight(ResultGrid.height(table, 2));
        panel.getChildren().removeIf(n -> n instanceof TableView);
        panel.getChildren().add(grid);
    }
}
