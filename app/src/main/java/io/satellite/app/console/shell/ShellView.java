package io.satellite.app.console.shell;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.SVGPath;

/**
 * The main window's frame: navigation on the left (from the {@link ViewRegistry}), the open view
 * in the middle, a status bar at the bottom. Views are built the first time they are opened
 * and kept, so a view keeps its state (and its charts their history) while another is shown.
 */
public final class ShellView {
    private final BorderPane root = new BorderPane();
    private final StackPane content = new StackPane();
    private final Map<String, ConsoleFeature> features = new LinkedHashMap<>();
    private final Map<String, Node> opened = new HashMap<>();
    private final Map<String, ToggleButton> buttons = new HashMap<>();
    private final Button logOut = new Button("Log out");
    private final ToggleGroup group = new ToggleGroup();
    private final Label viewTitle = new Label();
    private ConsoleContext context;

    public ShellView(ShellViewModel vm, ViewRegistry registry) {
        root.getStyleClass().add("shell");
        registry.features().forEach(f -> features.put(f.id(), f));
        root.setLeft(navigation(registry));
        content.getStyleClass().add("shell-content");
        VBox center = new VBox(header(vm), content);
        VBox.setVgrow(content, Priority.ALWAYS);
        root.setCenter(center);
        root.setBottom(statusBar(vm));
        group.selectedToggleProperty().addListener((obs, was, now) -> {
            if (now == null && was != null) {
                group.selectToggle(was); // a navigation entry stays selected
            }
        });
    }

    /** Binds the views' context; call before {@link #open}. */
    public void setContext(ConsoleContext context) {
        this.context = context;
    }

    public Parent root() {
        return root;
    }

    /** Shows the view {@code id}, building it the first time. */
    public void open(String id) {
        ConsoleFeature f = features.get(id);
        if (f == null) {
            throw new IllegalArgumentException("no view '" + id + "'; registered: " + features.keySet());
        }
        Node view = opened.computeIfAbsent(id, k -> f.open(context));
        content.getChildren().setAll(view);
        viewTitle.setText(f.title());
        buttons.get(id).setSelected(true);
    }

    private VBox navigation(ViewRegistry registry) {
        VBox nav = new VBox();
        nav.getStyleClass().add("navigation");
        Label brand = new Label("Satellite");
        brand.getStyleClass().add("brand");
        Label tagline = new Label("ML Services console");
        tagline.getStyleClass().add("brand-tagline");
        nav.getChildren().addAll(brand, tagline);
        for (String section : registry.sections()) {
            Label heading = new Label(section.toUpperCase());
            heading.getStyleClass().add("nav-section");
            nav.getChildren().add(heading);
            for (ConsoleFeature f : registry.features()) {
                if (f.section().equals(section)) {
                    nav.getChildren().add(button(f));
                }
            }
        }
        return nav;
    }

    private ToggleButton button(ConsoleFeature f) {
        SVGPath icon = new SVGPath();
        icon.setContent(f.icon());
        icon.getStyleClass().add("nav-icon");
        ToggleButton b = new ToggleButton(f.title(), icon);
        b.setId("nav-" + f.id());
        b.getStyleClass().add("nav-button");
        b.setToggleGroup(group);
        b.setMaxWidth(Double.MAX_VALUE);
        b.setOnAction(e -> open(f.id()));
        buttons.put(f.id(), b);
        return b;
    }

    /** What "Log out" does (the window sets it). */
    void setOnLogOut(Runnable action) {
        logOut.setOnAction(e -> action.run());
        logOut.setDisable(false);
    }

    private HBox header(ShellViewModel vm) {
        viewTitle.getStyleClass().add("view-title");
        viewTitle.setId("view-title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button theme = new Button();
        theme.setId("theme-toggle");
        theme.getStyleClass().add("flat-button");
        theme.textProperty().bind(vm.themeProperty().map(t -> t == Theme.LIGHT ? "Dark theme" : "Light theme"));
        theme.setTooltip(new Tooltip("Switch between the light and the dark theme"));
        theme.setOnAction(e -> vm.toggleTheme());
        logOut.setId("log-out");
        logOut.getStyleClass().add("flat-button");
        logOut.setTooltip(new Tooltip("Close this session and return to the login window"));
        logOut.setDisable(true);
        HBox header = new HBox(12, viewTitle, spacer, theme, logOut);
        header.getStyleClass().add("view-header");
        return header;
    }

    private HBox statusBar(ShellViewModel vm) {
        Label engine = label("status-engine", vm.engineProperty());
        Label user = label("status-user", vm.userProperty());
        user.textProperty().unbind();
        user.textProperty().bind(vm.userProperty().map(u -> "User " + u));
        Label scripts = label("status-scripts", vm.scriptsProperty());
        scripts.getStyleClass().add("status-pill");
        vm.scriptsProperty().addListener((o, was, now) -> {
            scripts.getStyleClass().removeAll("pill-on", "pill-off");
            scripts.getStyleClass().add(now.endsWith("ON") ? "pill-on" : "pill-off");
        });
        Label jobs = label("status-jobs", vm.jobsProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(16, engine, spacer, user, scripts, jobs);
        bar.getStyleClass().add("status-bar");
        bar.setId("shell-status");
        return bar;
    }

    private static Label label(String id, javafx.beans.value.ObservableValue<String> text) {
        Label l = new Label();
        l.setId(id);
        l.textProperty().bind(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
