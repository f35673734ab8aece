package io.satellite.app.console.packages;

import java.io.File;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;

/**
 * Packages: what the repositories offer (searchable) and what is installed, shared and
 * private. Install shows the resolved plan first, then runs with a progress bar and the live
 * log of R CMD INSTALL; Remove lists the packages that need it; Sync rebuilds the libraries
 * from the database. A user without a package role sees the lists, not the buttons' effects:
 * the engine's refusal is shown as it says it.
 */
public final class PackagesView {
    static final ButtonType INSTALL = new ButtonType("Install", ButtonBar.ButtonData.OK_DONE);
    static final ButtonType REMOVE = new ButtonType("Remove", ButtonBar.ButtonData.OK_DONE);
    private final PackagesViewModel vm;
    private final BorderPane root = new BorderPane();
    private final TableView<PackageCatalog.Available> availableTable = new TableView<>();
    private final TableView<PackageCatalog.Installed> installedTable = new TableView<>();

    public PackagesView(PackagesViewModel vm) {
        this.vm = vm;
        root.getStyleClass().add("packages-view");
        root.setTop(toolbar());
        TabPane tabs = new TabPane(new Tab("Available", available()), new Tab("Installed", installed()));
        tabs.setId("package-tabs");
        tabs.getStyleClass().add("output-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        SplitPane split = new SplitPane(tabs, operation());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        root.setCenter(split);
    }

    public Parent root() {
        return root;
    }

    private ToolBar toolbar() {
        ChoiceBox<String> scope = new ChoiceBox<>();
        scope.setId("package-scope");
        scope.getItems().setAll("PRIVATE", "SHARED");
        scope.setConverter(new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null ? "" : s.equals("SHARED") ? "Shared library" : "My private library";
            }

            @Override
            public String fromString(String s) {
                return s.startsWith("Shared") ? "SHARED" : "PRIVATE";
            }
        });
        scope.valueProperty().bindBidirectional(vm.scopeProperty());
        TextField search = new TextField();
        search.setId("packages-search");
        search.setPromptText("Search packages");
        search.textProperty().bindBidirectional(vm.searchProperty());
        Button install = new Button("Install...");
        install.setId("install-package");
        install.getStyleClass().add("accent-button");
        install.disableProperty().bind(vm.busyProperty().or(Bindings.isEmpty(availableTable.getSelectionModel()
                .getSelectedItems())).or(Bindings.createBooleanBinding(() -> !mayInstall(),
                vm.scopeProperty(), vm.mayInstallPrivateProperty(), vm.mayInstallSharedProperty())));
        install.setOnAction(e -> confirmInstall());
        Button file = new Button("Install file...");
        file.setId("install-file");
        file.setDisable(!vm.embedded());
        file.disableProperty().bind(vm.busyProperty().or(Bindings.createBooleanBinding(() -> !vm.embedded() || !mayInstall(),
                vm.scopeProperty(), vm.mayInstallPrivateProperty(), vm.mayInstallSharedProperty())));
        file.setOnAction(e -> chooseFile());
        Button sync = new Button("Sync from database");
        sync.setId("sync-packages");
        sync.disableProperty().bind(vm.busyProperty());
        sync.setOnAction(e -> vm.sync());
        Button refresh = new Button("Refresh");
        refresh.setId("refresh-packages");
        refresh.setOnAction(e -> vm.refresh());
        Label into = new Label("Install into");
        into.getStyleClass().add("hint");
        ToolBar bar = new ToolBar(into, scope, search, install, file, new Separator(Orientation.VERTICAL), sync, refresh);
        bar.getStyleClass().add("query-toolbar");
        return bar;
    }

    private boolean mayInstall() {
        return "SHARED".equals(vm.scopeProperty().get()) ? vm.mayInstallSharedProperty().get()
                : vm.mayInstallPrivateProperty().get();
    }

    private TableView<PackageCatalog.Available> available() {
        availableTable.setId("available-packages");
        availableTable.getStyleClass().add("result-grid");
        availableTable.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        availableTable.setItems(vm.available());
        availableTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        availableTable.setPlaceholder(new Label("No package repository is configured, or it offers nothing."
                + " An administrator adds one with CALL SQLML.ADD_PACKAGE_REPOSITORY(name, path)."));
        availableTable.getColumns().setAll(List.of(
                column("Package", 150, PackageCatalog.Available::name),
                column("Version", 80, PackageCatalog.Available::version),
                column("Repository", 110, PackageCatalog.Available::repository),
                column("Needs", 260, PackageCatalog.Available::needs),
                column("Title", 320, PackageCatalog.Available::title)));
        availableTable.setOnMouseClicked(e -> {
            if (e.getClickCount() == 2 && !vm.busyProperty().get()) {
                confirmInstall();
            }
        });
        return availableTable;
    }

    private BorderPane installed() {
        installedTable.setId("installed-packages");
        installedTable.getStyleClass().add("result-grid");
        installedTable.setItems(vm.installed());
        installedTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        installedTable.setPlaceholder(new Label("No package is installed in a library you can see."));
        installedTable.getColumns().setAll(List.of(
                column("Package", 150, PackageCatalog.Installed::name),
                column("Version", 80, PackageCatalog.Installed::version),
                column("Library", 90, i -> i.scope().equals("SHARED") ? "shared" : "private"),
                column("Owner", 90, PackageCatalog.Installed::owner),
                column("Installed by", 110, PackageCatalog.Installed::installedBy),
                column("Installed at", 170, PackageCatalog.Installed::installedAt),
                column("Needs", 240, i -> String.join(", ", i.depends()))));
        Button remove = new Button("Remove...");
        remove.setId("remove-package");
        remove.getStyleClass().add("danger-button");
        remove.disableProperty().bind(vm.busyProperty().or(installedTable.getSelectionModel().selectedItemProperty().isNull()));
        remove.setOnAction(e -> confirmRemove(installedTable.getSelectionModel().getSelectedItem()));
        ToolBar bar = new ToolBar(remove);
        bar.getStyleClass().add("query-toolbar");
        BorderPane pane = new BorderPane(installedTable);
        pane.setTop(bar);
        return pane;
    }

    private VBox operation() {
        ProgressBar bar = new ProgressBar(0);
        bar.setId("package-progress");
        bar.progressProperty().bind(vm.progressProperty());
        bar.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(bar, Priority.ALWAYS);
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-package-operation");
        cancel.getStyleClass().add("cancel-button");
        cancel.disableProperty().bind(vm.busyProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        Label step = new Label();
        step.setId("package-step");
        step.textProperty().bind(vm.stepProperty());
        step.visibleProperty().bind(vm.busyProperty());
        step.managedProperty().bind(step.visibleProperty());
        Label message = new Label();
        message.setId("package-message");
        message.visibleProperty().bind(vm.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.getStyleClass().add("message-info");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        Label error = new Label();
        error.setId("package-error");
        error.getStyleClass().add("login-error");
        error.setWrapText(true);
        error.textProperty().bind(vm.errorProperty());
        error.visibleProperty().bind(vm.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        TextArea log = new TextArea();
        log.setId("package-log");
        log.setEditable(false);
        log.getStyleClass().add("messages");
        log.setStyle("-fx-font-family: monospace;");
        log.textProperty().bind(vm.logProperty());
        log.textProperty().addListener((o, was, now) -> javafx.application.Platform.runLater(() -> {
            log.positionCaret(log.getLength());
            log.setScrollTop(Double.MAX_VALUE);
        }));
        VBox.setVgrow(log, Priority.ALWAYS);
        Label title = new Label("Operation");
        title.getStyleClass().add("panel-title");
        HBox progress = new HBox(10, bar, cancel);
        VBox box = new VBox(6, title, progress, step, error, message, log);
        box.setPadding(new Insets(8, 12, 8, 12));
        box.getStyleClass().add("panel");
        return box;
    }

    private void confirmInstall() {
        List<String> names = availableTable.getSelectionModel().getSelectedItems().stream()
                .map(PackageCatalog.Available::name).distinct().toList();
        if (names.isEmpty()) {
            return;
        }
        vm.plan(names, steps -> {
            TableView<PackageCatalog.PlanStep> plan = new TableView<>();
            plan.setId("install-plan");
            plan.getItems().setAll(steps);
            plan.setPrefSize(660, 48 + 30 * Math.min(10, steps.size()));
            plan.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            plan.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
            plan.getColumns().setAll(List.of(
                    column("#", 40, s -> String.valueOf(s.step())),
                    column("Package", 130, PackageCatalog.PlanStep::name),
                    column("Version", 70, PackageCatalog.PlanStep::version),
                    column("Action", 130, s -> s.action().replace('_', ' ').toLowerCase(java.util.Locale.ROOT)
                            + (s.installedVersion() == null ? "" : " (has " + s.installedVersion() + ")")),
                    column("Needed by", 230, PackageCatalog.PlanStep::requiredBy)));
            long work = steps.stream().filter(s -> !s.action().equals("ALREADY_SATISFIED")).count();
            Alert confirm = dialog("install-dialog", "Install packages", work == 0
                    ? "Nothing to install: " + String.join(", ", names) + " and what they need are installed."
                    : "Install " + work + " package(s) into " + ("SHARED".equals(vm.scopeProperty().get())
                    ? "the shared library" : "your private library") + ", in this order?", INSTALL);
            confirm.getDialogPane().setContent(plan);
            confirm.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
            confirm.setResizable(true);
            Optional<ButtonType> answer = confirm.showAndWait();
            if (answer.isPresent() && answer.get() == INSTALL && work > 0) {
                vm.install(names);
            }
        });
    }

    private void confirmRemove(PackageCatalog.Installed p) {
        if (p == null) {
            return;
        }
        List<PackageCatalog.Installed> dependents = vm.dependentsOf(p);
        String where = p.scope().equals("SHARED") ? "the shared library" : "the private library of " + p.owner();
        Alert confirm = dialog("remove-dialog", "Remove package", "Remove " + p.name() + " " + p.version() + " from "
                + where + "?", REMOVE);
        CheckBox cascade = new CheckBox("Also remove the packages of that library that need it");
        cascade.setId("remove-dependents");
        Label needs = new Label(dependents.isEmpty() ? "No installed package you can see needs it."
                : "Needed by: " + String.join(", ", dependents.stream().map(d -> d.name() + " " + d.version()
                + (d.scope().equals("SHARED") ? " (shared)" : " (private, " + d.owner() + ")")).toList()));
        needs.setWrapText(true);
        cascade.setDisable(dependents.isEmpty());
        confirm.getDialogPane().setContent(new VBox(10, needs, cascade));
        Optional<ButtonType> answer = confirm.showAndWait();
        if (answer.isPresent() && answer.get() == REMOVE) {
            vm.remove(p, cascade.isSelected());
        }
    }

    private void chooseFile() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Install an R source package");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("R source packages", "*.tar.gz"));
        File f = chooser.showOpenDialog(root.getScene().getWindow());
        if (f != null) {
            vm.installFile(f.getAbsolutePath());
        }
    }

    private Alert dialog(String id, String title, String header, ButtonType ok) {
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "", ok, ButtonType.CANCEL);
        a.setTitle(title);
        a.setHeaderText(header);
        a.initOwner(root.getScene().getWindow());
        a.getDialogPane().getStylesheets().setAll(root.getScene().getStylesheets());
        a.getDialogPane().setId(id);
        return a;
    }

    private static <T> TableColumn<T, String> column(String name, double width, Function<T, String> value) {
        TableColumn<T, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new SimpleStringProperty(value.apply(d.getValue())));
        return c;
    }
}
