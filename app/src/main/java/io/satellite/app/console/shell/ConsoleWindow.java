package io.satellite.app.console.shell;

import io.satellite.app.console.FxBackgroundExecutor;
import io.satellite.app.console.Poller;
import io.satellite.app.console.login.LoginView;
import io.satellite.app.console.login.LoginViewModel;
import io.satellite.app.console.session.ConsoleSession;
import io.satellite.app.console.session.LoginService;
import java.time.Duration;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * The console's one stage: first the login form, then the main window (the shell) with the
 * views of a {@link ViewRegistry}. Closing the stage stops every view's work; the launcher
 * then shuts the engine down off the UI thread.
 */
public final class ConsoleWindow {
    public static final String TITLE = "Satellite";
    static final double WIDTH = 1360;
    static final double HEIGHT = 860;
    private final Stage stage;
    private final LoginService logins;
    private final ViewRegistry registry;
    private final FxBackgroundExecutor loginExecutor = new FxBackgroundExecutor("login");
    private ConsoleContext context;
    private ShellViewModel shell;
    private ConsoleSession session;

    public ConsoleWindow(Stage stage, LoginService logins, ViewRegistry registry) {
        this.stage = stage;
        this.logins = logins;
        this.registry = registry;
    }

    /** Shows the login form. */
    public void showLogin() {
        LoginViewModel vm = new LoginViewModel(loginExecutor, logins, this::showShell);
        stage.setTitle(TITLE + " — Connect");
        Scene scene = new Scene(new LoginView(vm).root());
        styled(scene, Theme.LIGHT);
        stage.setScene(scene);
        stage.setResizable(false);
        stage.show();
        stage.centerOnScreen();
    }

    /** Replaces the login form with the main window, on the Dashboard. */
    public void showShell(ConsoleSession session) {
        this.session = session;
        FxBackgroundExecutor statusExecutor = new FxBackgroundExecutor("status");
        Notifier notifier = new ControlsFxNotifier(stage);
        shell = new ShellViewModel(statusExecutor, session, notifier);
        ShellView view = new ShellView(shell, registry);
        context = new ConsoleContext(session, notifier, view::open);
        context.themeProperty().bind(shell.themeProperty());
        view.setContext(context);
        view.setOnLogOut(this::logOut);
        Scene scene = new Scene(view.root(), WIDTH, HEIGHT);
        styled(scene, Theme.LIGHT);
        shell.themeProperty().addListener((o, was, now) -> styled(scene, now));
        stage.setTitle(TITLE + " — " + session.user() + " @ " + session.target().display());
        stage.setResizable(true);
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        stage.setWidth(WIDTH);
        stage.setHeight(HEIGHT);
        stage.centerOnScreen();
        stage.show();
        Poller status = new Poller(Duration.ofSeconds(2), shell::refresh);
        shell.watchAlerts();
        context.onClose(status::stop);
        context.onClose(shell::stop);
        context.onClose(() -> {
            try {
                statusExecutor.shutdown(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        registry.features().forEach(f -> f.sessionStarted(context));
        view.open(registry.features().get(0).id());
        session.notices().forEach(n -> context.notifier().notify(Notifier.Level.INFO, "Satellite", n));
    }

    /**
     * Ends the session and shows the login form again: the views stop at once; their
     * background work is awaited and the session's connections closed off the UI thread.
     * The embedded engine stays up, so logging in again (as anyone) is quick.
     */
    public void logOut() {
        ConsoleContext ending = context;
        ConsoleSession closing = session;
        closeViews();
        context = null;
        shell = null;
        session = null;
        showLogin();
        Thread t = new Thread(() -> {
            try {
                if (ending != null) {
                    ending.awaitExecutors(Duration.ofSeconds(30));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (closing != null) {
                    closing.close();
                }
            }
        }, "log-out");
        t.setDaemon(true);
        t.start();
    }

    private static void styled(Scene scene, Theme theme) {
        scene.getStylesheets().setAll(theme.stylesheets());
        Parent root = scene.getRoot();
        root.getStyleClass().removeAll("theme-light", "theme-dark");
        root.getStyleClass().add(theme == Theme.LIGHT ? "theme-light" : "theme-dark");
    }

    /** The shell's view model (null until logged in). */
    public ShellViewModel shell() {
        return shell;
    }

    public ConsoleContext context() {
        return context;
    }

    /** Stops the views' work; call on the UI thread when the stage closes. */
    public void closeViews() {
        if (context != null) {
            context.closeViews();
        }
    }

    /** Waits for the views' background work, then closes the session's connections. Off the UI thread. */
    public void release(Duration timeout) throws InterruptedException {
        loginExecutor.shutdown(timeout);
        if (context != null) {
            context.awaitExecutors(timeout);
        }
        if (session != null) {
            session.close();
        }
    }
}
