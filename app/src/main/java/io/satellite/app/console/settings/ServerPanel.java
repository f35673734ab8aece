package io.satellite.app.console.settings;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

/** The console's engine as a network server on 127.0.0.1: a port (checked as typed), Start and Stop. */
final class ServerPanel {
    private final VBox root;
    private final HBox controls;

    ServerPanel(SettingsViewModel vm) {
        TextField port = new TextField(String.valueOf(io.satellite.engine.server.NetworkServer.DEFAULT_PORT));
        port.setId("server-port");
        port.setPrefColumnCount(6);
        ValidationSupport validation = new ValidationSupport();
        validation.registerValidator(port, false, Validator.<String>createPredicateValidator(
                t -> t != null && t.strip().matches("\\d{4,5}") && Integer.parseInt(t.strip()) >= 1024
                        && Integer.parseInt(t.strip()) <= 65535, "A port from 1024 to 65535"));
        Button start = new Button("Start");
        start.setId("server-start");
        start.disableProperty().bind(validation.invalidProperty().or(vm.serverUrlProperty().isNotEmpty()));
        start.setOnAction(e -> vm.startServer(Integer.parseInt(port.getText().strip())));
        Button stop = new Button("Stop");
        stop.setId("server-stop");
        stop.disableProperty().bind(vm.serverUrlProperty().isEmpty());
        stop.setOnAction(e -> vm.stopServer());
        port.disableProperty().bind(vm.serverUrlProperty().isNotEmpty());
        Label state = new Label();
        state.setId("server-state");
        state.setWrapText(true);
        state.getStyleClass().add("hint");
        state.textProperty().bind(vm.serverStateProperty());
        Label title = new Label("Network server");
        title.getStyleClass().add("panel-title");
        controls = new HBox(10, new Label("Port on 127.0.0.1"), port, start, stop);
        controls.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        root = new VBox(10, title, controls, state);
        controls.setDisable(true); // until the first reading says whether this user is an administrator
        root.getStyleClass().add("panel");
        root.setStyle("-fx-padding: 12;");
        if (!vm.canServe()) {
            controls.setDisable(true);
            state.textProperty().unbind();
            state.setText("This console is a client of a server; start servers with ./satellite server there.");
        }
    }

    /** Starting a server is for administrators. */
    void setAdmin(boolean admin) {
        controls.setDisable(!admin);
    }

    VBox root() {
        return root;
    }
}
