package io.satellite.app.console.query;

import java.io.File;
import java.util.List;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.stage.FileChooser;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;

/**
 * The query window's nodes: a toolbar, the SQL editor, the Results and Messages tabs and a
 * status bar, all bound to a {@link QueryViewModel}. F5 and Ctrl+Enter run the selection if
 * there is one, else the whole batch.
 */
public final class QueryView {
    private static final KeyCombination F5 = new KeyCodeCombination(KeyCode.F5);
    private static final KeyCombination CTRL_ENTER = new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination ALT_BREAK = new KeyCodeCombination(KeyCode.PAUSE, KeyCombination.ALT_DOWN);
    private static final int GRID_ROWS_WHEN_STACKED = 12;
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
    private final QueryViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TextArea editor = new TextArea();
    private final VBox grids = new VBox();
    private final TabPane tabs = new TabPane();
    private final Tab resultsTab = new Tab("Results");
    private final Tab messagesTab = new Tab("Messages");
    private final Tab historyTab = new Tab("History");

    public QueryView(QueryViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("query-window");
        root.setTop(toolbar());
        SplitPane split = new SplitPane(editor(), outputTabs());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);
        root.setCenter(split);
        root.setBottom(statusBar());
        root.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (F5.match(e) || CTRL_ENTER.match(e)) {
                e.consume();
                run();
            } else if (ALT_BREAK.match(e)) {
                e.consume();
                vm.cancel();
            }
        });
    }

    public Parent root() {
        return root;
    }

    /** Runs the editor's selection, or all of it. */
    void run() {
        String selected = editor.getSelectedText();
        vm.run(selected.isBlank() ? editor.getText() : selected);
    }

    private ToolBar toolbar() {
        SVGPath play = new SVGPath();
        play.setContent("M0 0 L9 5.5 L0 11 Z");
        play.getStyleClass().add("run-icon");
        Button runButton = new Button("Run", play);
        runButton.setId("run-button");
        runButton.getStyleClass().add("run-button");
        runButton.setTooltip(new Tooltip("Run the batch, or the selected text (F5, Ctrl+Enter)"));
        runButton.disableProperty().bind(vm.readyProperty().not());
        runButton.setOnAction(e -> run());
        SVGPath stop = new SVGPath();
        stop.setContent("M0 0 H10 V10 H0 Z");
        stop.getStyleClass().add("stop-icon");
        Button cancelButton = new Button("Cancel", stop);
        cancelButton.setId("cancel-button");
        cancelButton.getStyleClass().add("cancel-button");
        cancelButton.setTooltip(new Tooltip("Kill the batch's running external scripts and skip the rest (Alt+Break)"));
        cancelButton.disableProperty().bind(vm.runningProperty().not().or(vm.cancellingProperty()));
        cancelButton.setOnAction(e -> vm.cancel());
        MenuButton templates = new MenuButton("Templates");
        templates.setId("templates");
        for (QueryTemplates.Template t : QueryTemplates.ALL) {
            MenuItem item = new MenuItem(t.name());
            item.setOnAction(e -> vm.useTemplate(t));
            templates.getItems().add(item);
        }
        Label hint = new Label("F5 or Ctrl+Enter runs the batch, or only the selected text");
        hint.getStyleClass().add("hint");
        ToolBar bar = new ToolBar(runButton, cancelButton, new Separator(Orientation.VERTICAL), templates, hint);
        bar.getStyleClass().add("query-toolbar");
        return bar;
    }

    private TextArea editor() {
        editor.setId("sql-editor");
        editor.getStyleClass().add("sql-editor");
        editor.setWrapText(false);
        editor.textProperty().bindBidirectional(vm.sqlProperty());
        return editor;
    }

    private TabPane outputTabs() {
        tabs.setId("output-tabs");
        tabs.getStyleClass().add("output-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        resultsTab.setId("results-tab");
        resultsTab.setContent(resultsPane());
        messagesTab.setId("messages-tab");
        messagesTab.setContent(messagesPane());
        historyTab.setId("history-tab");
        historyTab.setContent(historyPane());
        tabs.getTabs().setAll(resultsTab, messagesTab, historyTab);
        vm.runningProperty().addListener((obs, was, now) -> {
            if (!now) {
                tabs.getSelectionModel().select(vm.failedProperty().get() || vm.results().isEmpty()
                        ? messagesTab : resultsTab);
            }
        });
        vm.stateProperty().addListener((obs, was, now) -> {
            boolean notices = was == QueryViewModel.State.STARTING && !vm.messages().isEmpty();
            if (now == QueryViewModel.State.UNAVAILABLE || notices) {
                tabs.getSelectionModel().select(messagesTab);
            }
        });
        return tabs;
    }

    private StackPane resultsPane() {
        grids.setId("result-grids");
        grids.getStyleClass().add("result-grids");
        ScrollPane scroll = new ScrollPane(grids);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("results-scroll");
        grids.minHeightProperty().bind(Bindings.createDoubleBinding(
                () -> scroll.getViewportBounds().getHeight(), scroll.viewportBoundsProperty()));
        vm.results().addListener((ListChangeListener<ResultTable>) c -> showGrids());
        Label empty = new Label("Run a query (F5) to see its results here.");
        empty.getStyleClass().add("placeholder");
        empty.visibleProperty().bind(Bindings.isEmpty(vm.results()));
        empty.setMouseTransparent(true);
        return new StackPane(scroll, empty);
    }

    /** One grid per result set, stacked, each as tall as its rows (up to a limit); a long last one takes the room left. */
    private void showGrids() {
        List<ResultTable> results = vm.results();
        grids.getChildren().clear();
        for (int i = 0; i < results.size(); i++) {
            ResultTable result = results.get(i);
            TableView<List<String>> grid = ResultGrid.create(result, this::exportCsv);
            grid.setId("result-grid-" + (i + 1));
            double h = ResultGrid.height(result, GRID_ROWS_WHEN_STACKED);
            grid.setMinHeight(Math.min(h, ResultGrid.height(result, 4)));
            grid.setPrefHeight(h);
            if (i == results.size() - 1 && result.rows().size() > GRID_ROWS_WHEN_STACKED) {
                VBox.setVgrow(grid, Priority.ALWAYS);
                grid.setMaxHeight(Double.MAX_VALUE);
            } else {
                grid.setMaxHeight(h);
            }
            grids.getChildren().add(grid);
        }
    }

    private void exportCsv(ResultTable result) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export result to CSV");
        chooser.setInitialFileName("result.csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV files", "*.csv"));
        File file = chooser.showSaveDialog(root.getScene().getWindow());
        if (file != null) {
            vm.exportCsv(result, file.toPath());
        }
    }

    /** Batches run in this window, newest first; a double click (or Enter) puts one back in the editor. */
    private ListView<String> historyPane() {
        ListView<String> list = new ListView<>(vm.history());
        list.setId("history");
        list.getStyleClass().add("history");
        list.setPlaceholder(new Label("Batches you run appear here; double-click one to edit it again."));
        list.setCellFactory(v -> new ListCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : item.length() > 400 ? item.substring(0, 400) + "…" : item);
            }
        });
        Runnable load = () -> {
            String b = list.getSelectionModel().getSelectedItem();
            if (b != null) {
                vm.sqlProperty().set(b);
                editor.requestFocus();
            }
        };
        list.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2) {
                load.run();
            }
        });
        list.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                load.run();
            }
        });
        return list;
    }

    private ListView<Message> messagesPane() {
        ListView<Message> list = new ListView<>(vm.messages());
        list.setId("messages");
        list.getStyleClass().add("messages");
        list.setCellFactory(v -> new MessageCell());
        list.setPlaceholder(new Label("No messages."));
        vm.messages().addListener((ListChangeListener<Message>) c -> {
            if (!list.getItems().isEmpty()) {
                list.scrollTo(list.getItems().size() - 1);
            }
        });
        return list;
    }

    private HBox statusBar() {
        ProgressIndicator busy = new ProgressIndicator();
        busy.getStyleClass().add("busy");
        busy.setPrefSize(14, 14);
        busy.setMaxSize(14, 14);
        busy.visibleProperty().bind(vm.stateProperty().isEqualTo(QueryViewModel.State.STARTING)
                .or(vm.runningProperty()));
        busy.managedProperty().bind(busy.visibleProperty());
        Region dot = new Region();
        dot.getStyleClass().add("state-dot");
        dot.visibleProperty().bind(busy.visibleProperty().not());
        dot.managedProperty().bind(dot.visibleProperty());
        Label status = new Label();
        status.setId("status-text");
        status.textProperty().bind(vm.statusProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label connection = new Label();
        connection.setId("connection-text");
        connection.getStyleClass().add("connection");
        connection.textProperty().bind(vm.connectionProperty());
        connection.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, busy, dot, status, spacer, connection);
        bar.getStyleClass().add("status-bar");
        vm.stateProperty().addListener((obs, was, now) -> styleState(bar, now));
        styleState(bar, vm.stateProperty().get());
        vm.failedProperty().addListener((obs, was, now) -> bar.pseudoClassStateChanged(FAILED, now));
        return bar;
    }

    private static void styleState(HBox bar, QueryViewModel.State state) {
        for (QueryViewModel.State s : QueryViewModel.State.values()) {
            bar.getStyleClass().remove("state-" + s.name().toLowerCase(Locale.ROOT));
        }
        bar.getStyleClass().add("state-" + state.name().toLowerCase(Locale.ROOT));
    }
}
