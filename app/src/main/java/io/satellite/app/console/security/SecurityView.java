package io.satellite.app.console.security;

import io.satellite.app.console.query.ResultGrid;
import io.satellite.app.console.query.ResultTable;
import java.util.Arrays;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;

/** Logins, role memberships and permissions, with a form for the common changes. */
public final class SecurityView {
    private final BorderPane root = new BorderPane();
    private final VBox tables = new VBox(12);
    private final VBox logins = panel("Logins");
    private final VBox roles = panel("Role memberships");
    private final VBox permissions = panel("Permissions (GRANT and DENY)");

    public SecurityView(SecurityViewModel vm) {
        tables.getStyleClass().add("dashboard");
        tables.getChildren().setAll(logins, roles, permissions);
        ScrollPane scroll = new ScrollPane(tables);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("results-scroll");
        root.setCenter(scroll);
        root.setRight(form(vm));
        vm.readingProperty().addListener((o, was, r) -> {
            fill(logins, r.logins());
            fill(roles, r.roles());
            fill(permissions, r.permissions());
        });
    }

    public Parent root() {
        return root;
    }

    private static VBox form(SecurityViewModel vm) {
        TextField login = field("security-login", "login name");
        PasswordField password = new PasswordField();
        password.setId("security-password");
        password.setPromptText("password");
        Button create = new Button("Create login");
        create.setId("security-create-login");
        create.setOnAction(e -> vm.createLogin(login.getText(), password.getText()));

        ComboBox<String> permission = new ComboBox<>();
        permission.setId("security-permission");
        permission.getItems().setAll(Arrays.stream(io.satellite.engine.security.Capability.values())
                .map(io.satellite.engine.security.Capability::sqlName).toList());
        permission.getSelectionModel().select(0);
        TextField principal = field("security-principal", "user or role");
        Button grant = new Button("Grant");
        grant.setId("security-grant");
        grant.setOnAction(e -> vm.permission("GRANT", permission.getValue(), principal.getText()));
        Button deny = new Button("Deny");
        deny.setOnAction(e -> vm.permission("DENY", permission.getValue(), principal.getText()));
        Button revoke = new Button("Revoke");
        revoke.setOnAction(e -> vm.permission("REVOKE", permission.getValue(), principal.getText()));

        TextField role = field("security-role", "role, e.g. rpkgs-users");
        TextField member = field("security-member", "member");
        Button add = new Button("Add member");
        add.setOnAction(e -> vm.addRoleMember(role.getText(), member.getText()));
        Button createRole = new Button("Create role");
        createRole.setOnAction(e -> vm.createRole(role.getText()));

        GridPane g = new GridPane();
        g.setHgap(8);
        g.setVgap(8);
        g.add(heading("New login"), 0, 0, 2, 1);
        g.addRow(1, new Label("Login"), login);
        g.addRow(2, new Label("Password"), password);
        g.addRow(3, new Label(""), create);
        g.add(heading("Permission"), 0, 4, 2, 1);
        g.addRow(5, new Label("Permission"), permission);
        g.addRow(6, new Label("To / from"), principal);
        g.addRow(7, new Label(""), new javafx.scene.layout.HBox(6, grant, deny, revoke));
        g.add(heading("Role membership"), 0, 8, 2, 1);
        g.addRow(9, new Label("Role"), role);
        g.addRow(10, new Label("Member"), member);
        g.addRow(11, new Label(""), new javafx.scene.layout.HBox(6, add, createRole));
        Label error = new Label();
        error.getStyleClass().add("login-error");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        Label done = new Label();
        done.getStyleClass().add("hint");
        done.setWrapText(true);
        done.textProperty().bind(vm.messageProperty());
        VBox box = new VBox(10, g, error, done);
        box.getStyleClass().add("panel");
        box.setStyle("-fx-padding: 14;");
        box.setPrefWidth(380);
        return box;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-title");
        return l;
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        return f;
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
        grid.setPrefHeight(ResultGrid.height(table, 10));
        panel.getChildren().removeIf(n -> n instanceof TableView);
        panel.getChildren().add(grid);
    }
}
