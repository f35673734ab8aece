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
                column("Active", p -> String.valueOf(p.active())),
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
            }
        });
        root.setCenter(table);
        root.setBottom(form());
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
        Label hint = new Label("Assign users or roles to a pool with CALL SQLML.CLASSIFY_EXTERNAL_POOL('user', 'pool')"
                + " in the Query view. Administrators only.");
        hint.setWrapText(true);
        hint.getStyleClass().add("hint");
        VBox box = new VBox(10, title, g, new HBox(8, create, alter, drop), error, done, hint);
        box.getStyleClass().add("panel");
        box.setMaxWidth(640);
        javafx.scene.layout.BorderPane.setMargin(box, new javafx.geometry.Insets(12));
        box.setStyle("-fx-padding: 14;");
        return box;
    }

    private PoolSettings settings() {
        return new PoolSettings(name.getText(), cpu.getText(), memory.getText(), processes.getText());
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
