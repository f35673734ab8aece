package io.satellite.app.console.login;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.app.console.session.ConsoleSession;
import io.satellite.app.console.session.LoginService;
import io.satellite.app.console.session.LoginTarget;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The login dialog without its nodes: user, password and where to log in (a data directory or
 * a server's {@code host:port}). Logging in (which may boot the engine) runs on the
 * {@link BackgroundExecutor}; a failure leaves a sentence in {@link #errorProperty()}.
 */
public final class LoginViewModel {
    private final BackgroundExecutor executor;
    private final LoginService logins;
    private final Consumer<ConsoleSession> onLoggedIn;
    private final StringProperty user = new SimpleStringProperty("admin");
    private final StringProperty password = new SimpleStringProperty("");
    private final StringProperty target = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

    public LoginViewModel(BackgroundExecutor executor, LoginService logins, Consumer<ConsoleSession> onLoggedIn) {
        this.executor = executor;
        this.logins = logins;
        this.onLoggedIn = onLoggedIn;
    }

    /** Logs in, in the background; does nothing while a login is under way. */
    public void login() {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        error.set("");
        String u = user.get();
        String pw = password.get();
        String where = target.get();
        executor.execute(() -> logins.login(LoginTarget.parse(where, logins.defaultDataDirectory()), u, pw),
                this::loggedIn, this::failed);
    }

    private void loggedIn(ConsoleSession session) {
        busy.set(false);
        password.set("");
        onLoggedIn.accept(session);
    }

    private void failed(Throwable t) {
        busy.set(false);
        error.set(t instanceof LoginService.LoginFailure || t instanceof IllegalArgumentException
                ? t.getMessage() : "Login failed: " + t);
    }

    /** What the target field means when left blank. */
    public String defaultTargetHint() {
        return logins.defaultDataDirectory() + "  (or host:port of a server)";
    }

    public StringProperty userProperty() {
        return user;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty targetProperty() {
        return target;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
