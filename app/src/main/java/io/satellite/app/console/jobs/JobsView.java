package io.satellite.app.console.jobs;

import io.satellite.app.console.Format;
import io.satellite.app.console.shell.Theme;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.HBox;

/**
 * Running jobs (with sparklines) and the history of finished ones, above the selected job's
 * detail. Cancel asks for confirmation, then kills the job's process tree.
 */
public final class JobsView {
    static final ButtonType KILL = new ButtonType("Kill request", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType KEEP = new ButtonType("Keep running", ButtonBar.ButtonData.CANCEL_CLOSE);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());
    private final JobsViewModel vm;
    private final SplitPane root;
    private final TableView<JobRow> runningTable = new TableView<>();
    private final TableView<FinishedJob> historyTable = new TableView<>();
    private final JobDetailView detail;

    public JobsView(JobsViewModel vm, ObservableValue<Theme> theme) {
        this.vm = vm;
        TabPane tabs = new TabPane(new Tab("Running", running()), new Tab("History", history()));
        tabs.setId("jobs-tabs");
        tabs.getStyleClass().add("output-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, was, now) -> {
            if (now.intValue() == 0) {
                vm.selectRunning(runningTable.getSelectionModel().getSelectedItem());
            } else {
                vm.refreshHistory();
                vm.selectFinished(historyTable.getSelectionModel().getSelectedItem());
            }
        });
        detail = new JobDetailView(vm.detailProperty(), theme);
        root = new SplitPane(tabs, detail.root());
        root.setOrientation(Orientation.VERTICAL);
        root.setDividerPositions(0.45);
        root.getStyleClass().add("jobs-view");
    }

    public Parent root() {
        return root;
    }

    private BorderPane running() {
        runningTable.setId("running-jobs");
        runningTable.getStyleClass().add("result-grid");
        runningTable.setItems(vm.running());
        runningTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        runningTable.setPlaceholder(new Label("No external script is running."));
        runningTable.getColumns().setAll(List.of(
                text("ID", 50, r -> String.valueOf(r.id())),
                text("User", 90, r -> r.job().user()),
                text("Language", 90, r -> r.job().language()),
                text("Pool", 110, r -> r.job().pool()),
                text("State", 90, r -> r.job().state()),
                text("Elapsed", 90, r -> Format.duration(r.job().elapsedMillis())),
                spark("CPU %", p -> p.cpuPercent(), r -> Format.percent(r.job().cpuPercent()), 100),
                spark("RSS", p -> p.residentBytes(), r -> Format.bytes(r.job().residentBytes()), 64 << 20),
                text("Rows in", 80, r -> Format.count(r.job().rowsIn())),
                text("Rows out", 80, r -> Format.count(r.job().rowsOut()))));
        runningTable.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null || !vm.running().contains(was)) {
                vm.selectRunning(now);
            }
        });
        Button cancel = new Button("Cancel job…");
        cancel.setId("cancel-job");
        cancel.getStyleClass().add("danger-button");
        cancel.disableProperty().bind(runningTable.getSelectionModel().selectedItemProperty().isNull());
        cancel.setOnAction(e -> confirmCancel(runningTable.getSelectionModel().getSelectedItem()));
        Label message = new Label();
        message.setId("jobs-message");
        message.getStyleClass().add("hint");
        message.textProperty().bind(vm.messageProperty());
        Label count = new Label();
        count.getStyleClass().add("hint");
        count.textProperty().bind(javafx.beans.binding.Bindings.size(vm.running()).asString("%d running or queued"));
        ToolBar bar = new ToolBar(cancel, message, spacer(), count);
        bar.getStyleClass().add("query-toolbar");
        BorderPane pane = new BorderPane(runningTable);
        pane.setTop(bar);
        return pane;
    }

    private void confirmCancel(JobRow row) {
        if (row == null) {
            return;
        }
        ActiveJobText t = new ActiveJobText(row.job());
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, t.body(), KILL, KEEP);
        confirm.setTitle("Cancel external script");
        confirm.setHeaderText("Kill request " + row.id() + "?");
        confirm.initOwner(root.getScene().getWindow());
        confirm.getDialogPane().getStylesheets().setAll(root.getScene().getStylesheets());
        confirm.getDialogPane().setId("cancel-dialog");
        Optional<ButtonType> answer = confirm.showAndWait();
        if (answer.isPresent() && answer.get() == KILL) {
            vm.cancel(row.id());
        }
    }

    /** The confirmation's text. */
    private record ActiveJobText(ActiveJob j) {
        String body() {
            return j.language() + " script of " + j.user() + " in pool " + j.pool() + ", running for "
                    + Format.duration(j.elapsedMillis()) + ". Its whole process tree is killed and its caller gets"
                    + " error 38S09.";
        }
    }

    private BorderPane history() {
        historyTable.setId("history-jobs");
        historyTable.getStyleClass().add("result-grid");
        historyTable.setItems(vm.history());
        historyTable.setPlaceholder(new Label("No finished jobs match the filter."));
        historyTable.getColumns().setAll(List.of(
                hist("ID", 60, j -> String.valueOf(j.id())),
                hist("User", 90, FinishedJob::user),
                hist("Language", 90, FinishedJob::language),
                hist("Pool", 110, FinishedJob::pool),
                hist("Status", 110, FinishedJob::status),
                hist("Ended", 160, j -> j.endedAt() == null ? "" : TIME.format(j.endedAt())),
                hist("Elapsed", 85, j -> Format.duration(j.elapsedMillis())),
                hist("CPU", 85, j -> Format.count(j.cpuMillis()) + " ms"),
                hist("Peak RSS", 90, j -> Format.bytes(j.peakResidentBytes())),
                hist("Rows in / out", 110, j -> Format.count(j.rowsIn()) + " / " + Format.count(j.rowsOut())),
                hist("Error", 320, j -> j.error() == null ? "" : j.error().replace('\n', ' '))));
        historyTable.setRowFactory(t -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(FinishedJob item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().removeAll("job-failed", "job-cancelled");
                if (!empty && item != null && !"SUCCEEDED".equals(item.status())) {
                    getStyleClass().add("CANCELLED".equals(item.status()) ? "job-cancelled" : "job-failed");
                }
            }
        });
        historyTable.getSelectionModel().selectedItemProperty().addListener((o, was, now) -> {
            if (now != null) {
                vm.selectFinished(now);
            }
        });
        TextField user = new TextField();
        user.setId("filter-user");
        user.setPromptText("any user");
        user.setPrefColumnCount(10);
        ComboBox<String> status = new ComboBox<>();
        status.setId("filter-status");
        status.getItems().setAll("Any status", "SUCCEEDED", "FAILED", "CANCELLED");
        status.getSelectionModel().select(0);
        ComboBox<HistoryFilter.Range> range = new ComboBox<>();
        range.setId("filter-range");
        range.getItems().setAll(HistoryFilter.Range.values());
        range.getSelectionModel().select(HistoryFilter.Range.ALL);
        Runnable apply = () -> vm.filterProperty().set(new HistoryFilter(user.getText(),
                status.getSelectionModel().getSelectedIndex() <= 0 ? null : status.getValue(), range.getValue()));
        user.setOnAction(e -> apply.run());
        status.setOnAction(e -> apply.run());
        range.setOnAction(e -> apply.run());
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> {
            apply.run();
            vm.refreshHistory();
        });
        ToolBar bar = new ToolBar(new Label("User"), user, new Label("Status"), status, new Label("Ended"), range,
                refresh, spacer(), countLabel());
        bar.getStyleClass().add("query-toolbar");
        BorderPane pane = new BorderPane(historyTable);
        pane.setTop(bar);
        return pane;
    }

    private Label countLabel() {
        Label l = new Label();
        l.getStyleClass().add("hint");
        l.textProperty().bind(javafx.beans.binding.Bindings.size(vm.history()).asString("%d jobs (newest "
                + JobsSource.HISTORY_ROWS + " at most)"));
        return l;
    }

    private static Region spacer() {
        Region r = new Region();
        HBox.setHgrow(r, Priority.ALWAYS);
        return r;
    }

    private static TableColumn<JobRow, String> text(String name, double width, Function<JobRow, String> value) {
        TableColumn<JobRow, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> f.getValue().latestProperty().map(j -> value.apply(f.getValue())));
        return c;
    }

    private static TableColumn<JobRow, List<UsagePoint>> spark(String name,
            java.util.function.ToDoubleFunction<UsagePoint> metric, Function<JobRow, String> value, double floor) {
        TableColumn<JobRow, List<UsagePoint>> c = new TableColumn<>(name);
        c.setPrefWidth(150);
        c.setSortable(false);
        c.setCellValueFactory(f -> f.getValue().recentProperty());
        c.setCellFactory(col -> new Sparkline(metric, value, floor));
        return c;
    }

    private static TableColumn<FinishedJob, String> hist(String name, double width, Function<FinishedJob, String> v) {
        TableColumn<FinishedJob, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> new ReadOnlyObjectWrapper<>(v.apply(f.getValue())));
        return c;
    }

    /** Points in the detail's CPU chart (tests). */
    int detailCpuPoints() {
        return detail.cpuPoints();
    }
}
