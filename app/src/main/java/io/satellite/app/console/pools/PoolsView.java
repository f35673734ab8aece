package io.satellite.app.console.pools;

import io.satellite.app.console.Format;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Resource pools: a table of every pool's limits and use, and a form that creates, alters or
 * drops one (selecting a row fills the form). Dropping asks first.
 */
public final class PoolsView {
    private final PoolsViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TextField name = field("pool-name", "ep_analysts");
    private final TextField cpu = field("pool-cpu", "1-100");
    private final TextField memory = field("pool-memory", "1-100");
    private final TextField processes = field("pool-processes", "0 = no limit");
    private final TextField affinity = field("pool-affinity", "AUTO or 0-1,3");
    private final org.controlsfx.validation.ValidationSupport validation = new org.controlsfx.validation.ValidationSupport();

    public PoolsView(PoolsViewModel vm) {
        this.vm = vm;
        TableView<PoolRow> table = new TableView<>(vm.pools());
        table.setId("pools");
        table.getStyleClass().add("result-grid");
        table.getColumns().setAll(List.of(
                column("Pool", PoolRow::name),
                column("CPU cap %", p -> String.valueOf(p.maxCpuPercent())),
                column("Memory cap %", p -> String.valueOf(p.maxMemoryPercent())),
                column("Max processes", p -> p.maxProcesses() == 0 ? "no limit" : String.valueOf(p.maxProcesses())),
                column("Affinity", p -> p.affinity() == null ? "AUTO" : p.affinity()),
                column("Running of max", PoolRow::activeOfLimit),
                column("Queued", p -> String.valueOf(p.queued())),
                column("Peak active", p -> String.valueOf(p.peakActive())),
                column("CPU used", p -> Format.count(p.cpuMillis()) + " ms"),
                column("Peak memory", p -> Format.bytes(p.peakMemoryBytes()))));
        table.getSelectionModel().selectedItemProperty().addListener((o, was, p) -> {
            if (p != null) {
                name.setText(p.name());
                cpu.setText(String.valueOf(p.maxCpuPercent()));
                memory.setText(String.valueOf(p.maxMemoryPercent()));
                processes.setText(String.valueOf(p.maxProcesses()));
                affinity.setText(p.affinity() == null ? "AUTO" : p.affinity());
            }
        });
        table.setPrefHeight(220);
        VBox form = form();
        VBox classifier = new PoolClassifierPanel(vm).root();
        HBox forms = new HBox(12, form, classifier);
        HBox.setHgrow(classifier, javafx.scene.layout.Priority.ALWAYS);
        Label readOnly = new Label("Read-only: only administrators create, change or classify pools.");
        readOnly.setId("pools-read-only");
        readOnly.getStyleClass().add("hint");
        readOnly.visibleProperty().bind(vm.adminProperty().not());
        readOnly.managedProperty().bind(readOnly.visibleProperty());
        form.disableProperty().bind(vm.adminProperty().not());
        classifier.disableProperty().bind(vm.adminProperty().not());
        VBox content = new VBox(12, table, readOnly, forms, isolationPanel(vm));
        content.getStyleClass().add("dashboard");
        javafx.scene.control.ScrollPane scroll = new javafx.scene.control.ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("results-scroll");
        root.setCenter(scroll);
        validate();
        root.getStyleClass().add("jobs-view");
    }

    public Parent root() {
        return root;
    }

    private VBox form() {
        GridPane g = new GridPane();
        g.setHgap(10);
        g.setVgap(8);
        g.addRow(0, new Label("Name"), name);
        g.addRow(1, new Label("MAX_CPU_PERCENT"), cpu);
        g.addRow(2, new Label("MAX_MEMORY_PERCENT"), memory);
        g.addRow(3, new Label("MAX_PROCESSES"), processes);
        g.addRow(4, new Label("AFFINITY CPU"), affinity);
        Button create = new Button("Create");
        create.setId("pool-create");
        create.getStyleClass().add("accent-button");
        create.setOnAction(e -> vm.create(settings()));
        Button alter = new Button("Alter");
        alter.setId("pool-alter");
        alter.setOnAction(e -> vm.alter(settings()));
        Button drop = new Button("Drop…");
        drop.setId("pool-drop");
        drop.getStyleClass().add("danger-button");
        drop.setOnAction(e -> confirmDrop());
        Label error = new Label();
        error.setId("pool-error");
        error.getStyleClass().add("login-error");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        Label done = new Label();
        done.getStyleClass().add("hint");
        done.setWrapText(true);
        done.textProperty().bind(vm.messageProperty());
        Label title = new Label("Create or change a pool");
        title.getStyleClass().add("panel-title");
        create.disableProperty().bind(validation.invalidProperty());
        alter.disableProperty().bind(validation.invalidProperty());
        VBox box = new VBox(10, title, g, new HBox(8, create, alter, drop), error, done);
        box.getStyleClass().add("panel");
        box.setMinWidth(420);
        box.setStyle("-fx-padding: 14;");
        return box;
    }

    private PoolSettings settings() {
        return new PoolSettings(name.getText(), cpu.getText(), memory.getText(), processes.getText(), affinity.getText());
    }

    /** Checks each field as it is typed (ControlsFX): Create and Alter stay off while one is wrong. */
    private void validate() {
        validation.registerValidator(name, false, org.controlsfx.validation.Validator.<String>createPredicateValidator(
                t -> t == null || t.isBlank() || t.strip().matches("[A-Za-z_][A-Za-z0-9_]{0,127}"),
                "A pool name is letters, digits and _, starting with a letter or _"));
        percent(cpu, "MAX_CPU_PERCENT");
        percent(memory, "MAX_MEMORY_PERCENT");
        validation.registerValidator(processes, false, org.controlsfx.validation.Validator.<String>createPredicateValidator(
                t -> t == null || t.isBlank() || t.strip().matches("\\d{1,6}"), "MAX_PROCESSES is 0 (no limit) or more"));
        validation.registerValidator(affinity, false, org.controlsfx.validation.Validator.<String>createPredicateValidator(
                PoolSettings::validAffinity, "AFFINITY is AUTO or CPU numbers and ranges such as 0-1,3"));
    }

    private void percent(TextField f, String option) {
        validation.registerValidator(f, false, org.controlsfx.validation.Validator.<String>createPredicateValidator(
                t -> t == null || t.isBlank() || t.strip().matches("\\d{1,3}") && Integer.parseInt(t.strip()) >= 1
                        && Integer.parseInt(t.strip()) <= 100, option + " is a whole number from 1 to 100"));
    }

    private static VBox isolationPanel(PoolsViewModel vm) {
        TableView<List<String>> table = new TableView<>(vm.isolation());
        table.setId("pool-isolation");
        table.getStyleClass().add("result-grid");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        String[] names = {"Limit or isolation feature", "Enforced here", "How it was checked"};
        double[] widths = {230, 110, 600};
        for (int i = 0; i < names.length; i++) {
            int col = i;
            TableColumn<List<String>, String> c = new TableColumn<>(names[i]);
            c.setPrefWidth(widths[i]);
            c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(f.getValue().get(col)));
            table.getColumns().add(c);
        }
        table.setFixedCellSize(28);
        table.prefHeightProperty().bind(javafx.beans.binding.Bindings.size(vm.isolation()).multiply(28).add(34));
        table.setPlaceholder(new Label("Probing what this host enforces…"));
        Label title = new Label("What this host really enforces (SQLML.DM_EXTERNAL_SANDBOX)");
        title.getStyleClass().add("panel-title");
        VBox box = new VBox(8, title, table);
        box.getStyleClass().add("panel");
        box.setStyle("-fx-padding: 12;");
        return box;
    }

    private void confirmDrop() {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Users classified to it go back to the default pool.",
                ButtonType.OK, ButtonType.CANCEL);
        a.setHeaderText("Drop resource pool " + name.getText().strip() + "?");
        a.initOwner(root.getScene().getWindow());
        Optional<ButtonType> answer = a.showAndWait();
        if (answer.isPresent() && answer.get() == ButtonType.OK) {
            vm.drop(settings());
        }
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.setPrefColumnCount(10);
        return f;
    }

    private static TableColumn<PoolRow, String> column(String name, Function<PoolRow, String> v) {
        TableColumn<PoolRow, String> c = new TableColumn<>(name);
        javafx.scene.text.Text t = new javafx.scene.text.Text(name);
        t.setFont(javafx.scene.text.Font.font(javafx.scene.text.Font.getDefault().getFamily(),
                javafx.scene.text.FontWeight.BOLD, 13));
        c.setPrefWidth(Math.max(name.equals("Pool") ? 140 : 90, Math.ceil(t.getLayoutBounds().getWidth()) + 30));
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(v.apply(f.getValue())));
        return c;
    }
}
