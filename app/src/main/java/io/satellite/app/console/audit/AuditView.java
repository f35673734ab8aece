package io.satellite.app.console.audit;

import io.satellite.app.console.jobs.HistoryFilter;
import java.io.File;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;

/** The audit log: filters, the events newest first (refusals in red), the selected event in full, export. */
public final class AuditView {
    private static final String ANY = "Any";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private final AuditViewModel vm;
    private final boolean remote;
    private final SplitPane root;

    public AuditView(AuditViewModel vm, boolean remote) {
        this.vm = vm;
        this.remote = remote;
        TableView<AuditEntry> table = new TableView<>(vm.events());
        table.setId("audit-events");
        table.getStyleClass().add("result-grid");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label placeholder = new Label();
        placeholder.setId("audit-placeholder");
        placeholder.setWrapText(true);
        // a non-administrator is told why the list is empty where they look, not in the toolbar's overflow
        placeholder.textProperty().bind(vm.messageProperty().map(m -> m.startsWith("Only administrators") ? m
                : "No audit events match the filter."));
        table.setPlaceholder(placeholder);
        table.getColumns().setAll(List.of(
                column("Time", 145, e -> TIME.format(e.at())),
                column("Principal", 90, AuditEntry::principal),
                column("Action", 215, AuditEntry::action),
                column("Object", 120, e -> e.object() == null ? "" : e.object()),
                column("Outcome", 105, AuditEntry::outcome),
                column("Request", 75, e -> e.requestId() == null ? "" : String.valueOf(e.requestId())),
                column("Detail", 360, e -> e.detail() == null ? "" : e.detail().replace('\n', ' '))));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(AuditEntry item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("job-failed");
                if (!empty && item != null && !"SUCCEEDED".equals(item.outcome())) {
                    getStyleClass().add("job-failed");
                }
            }
        });
        TextArea detail = new TextArea();
        detail.setId("audit-detail");
        detail.setEditable(false);
        detail.setWrapText(true);
        detail.getStyleClass().add("detail-text");
        table.getSelectionModel().selectedItemProperty().addListener((o, was, now) ->
                detail.setText(now == null ? "" : describe(now)));
        BorderPane top = new BorderPane(table);
        top.setTop(filters());
        root = new SplitPane(top, detail);
        root.setOrientation(Orientation.VERTICAL);
        root.setDividerPositions(0.7);
    }

    public Parent root() {
        return root;
    }

    static String describe(AuditEntry e) {
        StringBuilder b = new StringBuilder();
        b.append(TIME.format(e.at())).append("  ").append(e.principal()).append("  ").append(e.action())
                .append("  ").append(e.outcome()).append('\n');
        if (e.object() != null) {
            b.append("object: ").append(e.object()).append('\n');
        }
        if (e.detail() != null) {
            b.append(e.detail()).append('\n');
        }
        if (e.requestId() != null) {
            b.append("\nrequest ").append(e.requestId()).append(" · ").append(e.language()).append(" · pool ")
                    .append(e.pool()).append("\nscript SHA-256 ").append(e.scriptHash()).append('\n');
        }
        if (e.script() != null) {
            b.append("\n-- script\n").append(e.script()).append('\n');
        }
        if (e.inputQuery() != null && !e.inputQuery().isBlank()) {
            b.append("\n-- @input_data_1\n").append(e.inputQuery()).append('\n');
        }
        return b.toString();
    }

    private ToolBar filters() {
        TextField principal = new TextField();
        principal.setId("audit-principal");
        principal.setPromptText("anyone");
        principal.setPrefColumnCount(9);
        ComboBox<String> action = new ComboBox<>();
        action.setId("audit-action");
        action.getItems().setAll(ANY);
        action.getSelectionModel().select(0);
        vm.actions().addListener((javafx.collections.ListChangeListener<String>) c -> {
            String chosen = action.getValue();
            action.getItems().setAll(ANY);
            action.getItems().addAll(vm.actions());
            action.setValue(chosen != null && action.getItems().contains(chosen) ? chosen : ANY);
        });
        ComboBox<String> outcome = new ComboBox<>();
        outcome.setId("audit-outcome");
        outcome.getItems().setAll(ANY, "SUCCEEDED", "FAILED", "DENIED", "CANCELLED");
        outcome.getSelectionModel().select(0);
        ComboBox<HistoryFilter.Range> range = new ComboBox<>();
        range.getItems().setAll(HistoryFilter.Range.values());
        range.setValue(AuditFilter.ALL.range());
        Runnable apply = () -> vm.filterProperty().set(new AuditFilter(principal.getText(),
                ANY.equals(action.getValue()) ? null : action.getValue(),
                ANY.equals(outcome.getValue()) ? null : outcome.getValue(), range.getValue()));
        principal.setOnAction(e -> apply.run());
        action.setOnAction(e -> apply.run());
        outcome.setOnAction(e -> apply.run());
        range.setOnAction(e -> apply.run());
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> vm.refresh());
        Button export = new Button("Export…");
        export.setId("audit-export");
        export.setOnAction(e -> export());
        Label message = new Label();
        message.setId("audit-message");
        message.getStyleClass().add("hint");
        message.textProperty().bind(vm.messageProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToolBar bar = new ToolBar(new Label("Principal"), principal, new Label("Action"), action,
                new Label("Outcome"), outcome, new Label("Time"), range, refresh, export, spacer, message);
        bar.getStyleClass().add("query-toolbar");
        return bar;
    }

    /** Embedded: a file chooser on this host; remote: a path on the server's host, typed. */
    private void export() {
        if (remote) {
            TextInputDialog d = new TextInputDialog("/tmp/satellite-audit.csv");
            d.setTitle("Export the audit log");
            d.setHeaderText("A new CSV file on the server's host (SQLML.EXPORT_AUDIT)");
            d.initOwner(root.getScene().getWindow());
            d.showAndWait().ifPresent(vm::export);
            return;
        }
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the audit log");
        chooser.setInitialFileName("satellite-audit.csv");
        File f = chooser.showSaveDialog(root.getScene().getWindow());
        if (f != null) {
            vm.export(f.getAbsolutePath());
        }
    }

    private static TableColumn<AuditEntry, String> column(String name, double width, Function<AuditEntry, String> v) {
        TableColumn<AuditEntry, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(v.apply(f.getValue())));
        return c;
    }
}
