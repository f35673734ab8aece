package io.satellite.app.console.security;

import io.satellite.app.console.query.ResultGrid;
import io.satellite.app.console.query.ResultTable;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The permission grid, the selected login's effective permissions explained, role
 * memberships, and a form for logins and roles with the statements it ran.
 */
public final class SecurityView {
    private final BorderPane root = new BorderPane();
    private final SecurityViewModel vm;
    private final PermissionGrid grid;
    private final VBox why = new VBox(6);
    private final VBox memberships = panel("Role memberships");

    public SecurityView(SecurityViewModel vm) {
        this.vm = vm;
        this.grid = new PermissionGrid(vm);
        TableView<Principal> table = grid.table();
        Label readOnly = new Label("Read-only: you see your own permissions. Only administrators change security.");
        readOnly.setId("security-read-only");
        readOnly.getStyleClass().add("hint");
        readOnly.setVisible(false);
        readOnly.managedProperty().bind(readOnly.visibleProperty());
        VBox permissions = panel("Permissions");
        Label hint = new Label("Grant, deny or remove EXECUTE ANY EXTERNAL SCRIPT; tick a role to add the login to"
                + " it. A DENY anywhere wins over any GRANT.");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        permissions.getChildren().addAll(hint, readOnly, table);
        VBox explanation = panel("Why");
        explanation.setId("security-why");
        why.setId("security-why-lines");
        explanation.getChildren().add(why);
        VBox tables = new VBox(12, permissions, explanation, memberships);
        tables.getStyleClass().add("dashboard");
        ScrollPane scroll = new ScrollPane(tables);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("results-scroll");
        root.setCenter(scroll);
        VBox form = form();
        root.setRight(form);
        table.getSelectionModel().selectedItemProperty().addListener((o, was, p) -> explain(p));
        vm.readingProperty().addListener((o, was, r) -> {
            readOnly.setVisible(!r.admin());
            form.setDisable(!r.admin());
            fill(memberships, r.memberships());
            if (table.getSelectionModel().isEmpty() && !r.principals().isEmpty()) {
                table.getSelectionModel().select(0);
            }
            explain(table.getSelectionModel().getSelectedItem());
        });
        explain(null);
    }

    public Parent root() {
        return root;
    }

    private void explain(Principal p) {
        why.getChildren().clear();
        if (p == null) {
            why.getChildren().add(hint("Select a login to see what it may do, and why."));
            return;
        }
        if (p.effective().isEmpty()) {
            why.getChildren().add(hint(p.kind() == Principal.Kind.PUBLIC
                    ? "PUBLIC: what is granted or denied here applies to every login."
                    : "Role " + p.name() + ": what is granted or denied here applies to its members."));
            return;
        }
        Label title = new Label(p.name());
        title.getStyleClass().add("why-title");
        why.getChildren().add(title);
        for (EffectivePermission e : p.effective()) {
            Label mark = new Label(e.allowed() ? "✓" : "✗");
            mark.getStyleClass().add(e.allowed() ? "why-allowed" : "why-denied");
            Label name = new Label(e.permission());
            name.setMinWidth(220);
            Label reason = new Label(e.reason());
            reason.setWrapText(true);
            reason.getStyleClass().add("hint");
            HBox line = new HBox(8, mark, name, reason);
            HBox.setHgrow(reason, Priority.ALWAYS);
            line.setId("why-" + e.permission().replace(' ', '-'));
            why.getChildren().add(line);
        }
    }

    private VBox form() {
        TextField login = field("security-login", "login name");
        PasswordField password = new PasswordField();
        password.setId("security-password");
        password.setPromptText("8 characters or more");
        Button create = button("security-create-login", "Create", e -> vm.createLogin(login.getText(), password.getText()));
        Button reset = button("security-reset-password", "Reset password",
                e -> vm.resetPassword(login.getText(), password.getText()));
        Button drop = button("security-drop-login", "Drop", e -> confirm("Drop login " + login.getText().strip()
                + "? Its grants and role memberships go with it.", () -> vm.dropLogin(login.getText())));

        TextField role = field("security-role", "role, e.g. analysts");
        TextField member = field("security-member", "login or role");
        Button add = button("security-add-member", "Add member", e -> vm.addRoleMember(role.getText(), member.getText()));
        Button remove = button("security-drop-member", "Remove member",
                e -> vm.dropRoleMember(role.getText(), member.getText()));
        Button createRole = button("security-create-role", "Create role", e -> vm.createRole(role.getText()));
        Button dropRole = button("security-drop-role", "Drop role", e -> confirm("Drop role " + role.getText().strip()
                + "? Its members lose what it gave them.", () -> vm.dropRole(role.getText())));

        VBox fields = new VBox(8, heading("Login"), login, password, row(create, reset, drop),
                heading("Role"), role, member, row(add, remove), row(createRole, dropRole));
        Label error = new Label();
        error.setId("security-error");
        error.getStyleClass().add("login-error");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        Label done = new Label();
        done.setId("security-message");
        done.getStyleClass().add("hint");
        done.setWrapText(true);
        done.textProperty().bind(vm.messageProperty());
        ListView<String> statements = new ListView<>(vm.statements());
        statements.setId("security-statements");
        statements.setPlaceholder(hint("The statements your changes run appear here."));
        statements.getStyleClass().add("statement-log");
        statements.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            {
                setWrapText(true);
                setPrefWidth(0);
            }

            @Override
            protected void updateItem(String sql, boolean empty) {
                super.updateItem(sql, empty);
                setText(empty ? null : sql);
            }
        });
        VBox.setVgrow(statements, Priority.ALWAYS);
        VBox box = new VBox(10, fields, error, done, heading("Statements run"), statements);
        box.getStyleClass().add("panel");
        box.setStyle("-fx-padding: 14;");
        box.setPrefWidth(300);
        box.setMaxWidth(300);
        return box;
    }

    private static HBox row(Button... buttons) {
        for (Button b : buttons) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        return new HBox(6, buttons);
    }

    private static void confirm(String question, Runnable action) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, question, ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText(null);
        a.setTitle("Satellite");
        a.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> action.run());
    }

    private static Button button(String id, String text, Consumer<javafx.event.ActionEvent> action) {
        Button b = new Button(text);
        b.setId(id);
        b.setOnAction(action::accept);
        return b;
    }

    private static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("panel-title");
        return l;
    }

    private static Label hint(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("hint");
        l.setWrapText(true);
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
        grid.setPrefHeight(ResultGrid.height(table, 8));
        panel.getChildren().removeIf(n -> n instanceof TableView);
        panel.getChildren().add((Node) grid);
    }
}
