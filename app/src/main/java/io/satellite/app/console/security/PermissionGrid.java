package io.satellite.app.console.security;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;

/**
 * Principals (logins, roles, PUBLIC) against EXECUTE ANY EXTERNAL SCRIPT (Grant / Deny / None)
 * and the package and administrator roles (a tick adds the login to the role), with each
 * login's effective permissions in the last column. Every control runs its change through
 * the view model; non-administrators see it read-only. Control ids name the principal:
 * {@code #grant-ALICE}, {@code #deny-ALICE}, {@code #revoke-ALICE}, {@code #role-RPKGS_USERS-ALICE}.
 */
final class PermissionGrid {
    private final TableView<Principal> table = new TableView<>();
    private final SecurityViewModel vm;

    PermissionGrid(SecurityViewModel vm) {
        this.vm = vm;
        table.setId("permission-grid");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("Reading logins and roles…"));
        table.getColumns().add(text("Principal", 135, Principal::name));
        table.getColumns().add(text("Type", 55, p -> p.kind().label()));
        table.getColumns().add(scriptsColumn());
        TableColumn<Principal, Principal> packages = header("Package roles (rpkgs-)",
                "Members of rpkgs-users load shared packages; rpkgs-private install their own; rpkgs-shared install"
                        + " for everyone");
        for (String role : SecurityViewModel.GRID_ROLES) {
            TableColumn<Principal, Principal> c = roleColumn(role);
            if (role.startsWith("RPKGS_")) {
                packages.getColumns().add(c);
            } else {
                table.getColumns().add(packages);
                table.getColumns().add(c);
            }
        }
        table.getColumns().add(effectiveColumn());
        table.setFixedCellSize(30);
        table.prefHeightProperty().bind(javafx.beans.binding.Bindings.size(table.getItems()).multiply(30).add(64));
        vm.readingProperty().addListener((o, was, r) -> {
            String selected = table.getSelectionModel().getSelectedItem() == null ? null
                    : table.getSelectionModel().getSelectedItem().name();
            table.getItems().setAll(r.principals());
            r.principals().stream().filter(p -> p.name().equals(selected)).findFirst()
                    .ifPresent(p -> table.getSelectionModel().select(p));
        });
    }

    TableView<Principal> table() {
        return table;
    }

    private boolean editable() {
        return vm.readingProperty().get() != null && vm.readingProperty().get().admin();
    }

    /** A column whose heading has a tooltip with the full name. */
    private static TableColumn<Principal, Principal> header(String title, String tooltip) {
        TableColumn<Principal, Principal> c = new TableColumn<>();
        Label heading = new Label(title);
        heading.setTooltip(new Tooltip(tooltip));
        c.setGraphic(heading);
        c.setId("column-" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        return c;
    }

    private static TableColumn<Principal, String> text(String title, double width, Function<Principal, String> f) {
        TableColumn<Principal, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(f.apply(d.getValue())));
        return c;
    }

    private TableColumn<Principal, Principal> scriptsColumn() {
        TableColumn<Principal, Principal> c = header("Run scripts", SecurityViewModel.SCRIPTS
                + ": Grant, Deny, or None (REVOKE)");
        c.setPrefWidth(176);
        c.setMinWidth(176);
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(col -> new ScriptsCell());
        return c;
    }

    /** Grant / Deny / None for one principal; the cell keeps its three buttons and re-labels them. */
    private final class ScriptsCell extends TableCell<Principal, Principal> {
        private final Button grant = segment("GRANT", "Grant", "grant");
        private final Button deny = segment("DENY", "Deny", "deny");
        private final Button none = segment("REVOKE", "None", "revoke");
        private final HBox toggles = new HBox(grant, deny, none);

        ScriptsCell() {
            toggles.getStyleClass().add("segments");
        }

        private Button segment(String verb, String text, String id) {
            Button b = new Button(text);
            b.getStyleClass().addAll("segment", "segment-" + id);
            b.setFocusTraversable(false);
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            b.setUserData(id);
            b.setOnAction(e -> {
                Principal p = getItem();
                if (p != null && !b.getStyleClass().contains("segment-on")) {
                    vm.permission(verb, SecurityViewModel.SCRIPTS, io.satellite.engine.security.Principals.asName(p.name()));
                }
            });
            return b;
        }

        @Override
        protected void updateItem(Principal p, boolean empty) {
            super.updateItem(p, empty);
            if (empty || p == null) {
                setGraphic(null);
                return;
            }
            show(grant, p, "GRANT".equals(p.scripts()), "GRANT " + SecurityViewModel.SCRIPTS + " TO " + p.name());
            show(deny, p, "DENY".equals(p.scripts()), "DENY " + SecurityViewModel.SCRIPTS + " TO " + p.name());
            show(none, p, p.scripts() == null, "REVOKE " + SecurityViewModel.SCRIPTS + " FROM " + p.name());
            setGraphic(toggles);
        }

        private void show(Button b, Principal p, boolean current, String tooltip) {
            b.setId(b.getUserData() + "-" + p.name());
            b.getStyleClass().remove("segment-on");
            if (current) {
                b.getStyleClass().add("segment-on");
            }
            b.setDisable(!editable());
            b.setTooltip(new Tooltip(tooltip));
        }
    }

    private TableColumn<Principal, Principal> roleColumn(String role) {
        String title = role.equals("SQLML_ADMIN") ? "admin" : role.substring("RPKGS_".length()).toLowerCase(java.util.Locale.ROOT);
        TableColumn<Principal, Principal> c = header(title, "Member of role " + role);
        c.setPrefWidth(62);
        c.setMinWidth(58);
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(col -> new RoleCell(role));
        return c;
    }

    /** A tick for membership of one role; the cell keeps its check box. */
    private final class RoleCell extends TableCell<Principal, Principal> {
        private final String role;
        private final CheckBox box = new CheckBox();

        RoleCell(String role) {
            this.role = role;
            setAlignment(Pos.CENTER);
            box.setOnAction(e -> {
                Principal p = getItem();
                if (p != null) {
                    vm.setMember(role, io.satellite.engine.security.Principals.asName(p.name()), box.isSelected());
                }
            });
        }

        @Override
        protected void updateItem(Principal p, boolean empty) {
            super.updateItem(p, empty);
            if (empty || p == null || p.name().equals(role) || p.kind() == Principal.Kind.PUBLIC) {
                setGraphic(null);
                return;
            }
            box.setId("role-" + role + "-" + p.name());
            box.setSelected(p.roles().contains(role));
            box.setDisable(!editable());
            box.setTooltip(new Tooltip("ALTER ROLE " + role + (box.isSelected() ? " DROP" : " ADD") + " MEMBER "
                    + p.name()));
            setGraphic(box);
        }
    }

    /** "administrator (via SQLML_ADMIN)", or what the login may do and whether it may run scripts. */
    static String summary(Principal p) {
        if (p.effective().stream().allMatch(EffectivePermission::allowed)) {
            EffectivePermission admin = p.effective("ALTER SETTINGS");
            return "administrator: every permission" + (admin == null || admin.via() == null ? "" : " via " + admin.via());
        }
        List<String> parts = p.effective().stream()
                .filter(e -> e.permission().equals(SecurityViewModel.SCRIPTS) || e.allowed())
                .map(EffectivePermission::summary).toList();
        return String.join(" · ", parts);
    }

    private TableColumn<Principal, Principal> effectiveColumn() {
        TableColumn<Principal, Principal> c = header("Effective", "What the login may do at its next call,"
                + " and through whom (select a row for the reasons)");
        c.setPrefWidth(220);
        c.setSortable(false);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Principal p, boolean empty) {
                super.updateItem(p, empty);
                setTooltip(null);
                if (empty || p == null) {
                    setText(null);
                    return;
                }
                getStyleClass().remove("hint");
                if (p.effective().isEmpty()) {
                    setText(p.kind() == Principal.Kind.PUBLIC ? "applies to every login" : "applies to its members");
                    getStyleClass().add("hint");
                    return;
                }
                setText(summary(p));
                setTooltip(new Tooltip(String.join("\n", p.effective().stream()
                        .map(e -> (e.allowed() ? "✓ " : "✗ ") + e.permission() + ": " + e.reason()).toList())));
            }
        });
        return c;
    }
}
