package io.satellite.app.console.login;

import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The login form: server or data directory, user, password; errors in red under the fields. */
public final class LoginView {
    private final VBox root = new VBox(14);

    public LoginView(LoginViewModel vm) {
        root.getStyleClass().add("login");
        root.setPadding(new Insets(26, 30, 24, 30));
        Label title = new Label("Connect to Satellite");
        title.getStyleClass().add("login-title");
        Label subtitle = new Label("An embedded database in a data directory, or a server as host:port.");
        subtitle.getStyleClass().add("login-subtitle");

        TextField target = new TextField();
        target.setId("login-target");
        target.setPromptText(vm.defaultTargetHint());
        target.textProperty().bindBidirectional(vm.targetProperty());
        TextField user = new TextField();
        user.setId("login-user");
        user.textProperty().bindBidirectional(vm.userProperty());
        PasswordField password = new PasswordField();
        password.setId("login-password");
        password.setPromptText("blank for admin: the first-boot password file");
        password.textProperty().bindBidirectional(vm.passwordProperty());

        GridPane form = new GridPane();
        form.setHgap(12);
        form.setVgap(10);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().setAll(labels, fields);
        form.addRow(0, new Label("Server or data"), target);
        form.addRow(1, new Label("User"), user);
        form.addRow(2, new Label("Password"), password);

        Label error = new Label();
        error.setId("login-error");
        error.getStyleClass().add("login-error");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(vm.busyProperty());
        Label busyText = new Label("Connecting…");
        busyText.visibleProperty().bind(vm.busyProperty());
        busyText.getStyleClass().add("login-subtitle");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button connect = new Button("Connect");
        connect.setId("login-connect");
        connect.setDefaultButton(true);
        connect.getStyleClass().add("accent-button");
        connect.disableProperty().bind(vm.busyProperty().or(vm.userProperty().isEmpty()));
        connect.setOnAction(e -> vm.login());
        HBox actions = new HBox(10, busy, busyText, spacer, connect);
        actions.setStyle("-fx-alignment: center-left;");

        root.getChildren().setAll(title, subtitle, form, error, actions);
        root.setPrefWidth(520);
    }

    public Parent root() {
        return root;
    }
}
