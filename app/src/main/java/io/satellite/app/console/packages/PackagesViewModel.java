package io.satellite.app.console.packages;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.app.console.session.ConsoleSession;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Packages view's state: what the repositories offer (searchable), what is installed,
 * the library an install goes to, and the operation in progress (its step, k of n, and its
 * log, read from the engine while it runs). Every change goes through the engine's package
 * procedures as the logged-in user, so refusals come back as the engine's own messages.
 * Changes run on one executor, the progress is read on another.
 */
public final class PackagesViewModel {
    private final BackgroundExecutor work;
    private final BackgroundExecutor watch;
    private final ConsoleSession session;
    private Connection workConnection;
    private Connection watchConnection;

    private final ObservableList<PackageCatalog.Available> available = FXCollections.observableArrayList();
    private final FilteredList<PackageCatalog.Available> shown = new FilteredList<>(available, p -> true);
    private final ObservableList<PackageCatalog.Installed> installed = FXCollections.observableArrayList();
    private final StringProperty search = new SimpleStringProperty("");
    private final StringProperty scope = new SimpleStringProperty("PRIVATE");
    private final BooleanProperty mayInstallShared = new SimpleBooleanProperty();
    private final BooleanProperty mayInstallPrivate = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();
    private final DoubleProperty progress = new SimpleDoubleProperty();
    private final StringProperty step = new SimpleStringProperty("");
    private final StringProperty log = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    /** Operations after this id are the one in progress; -1 when none runs. */
    private long opAfter = -1;
    private long watching;
    private boolean reading;

    public PackagesViewModel(BackgroundExecutor work, BackgroundExecutor watch, ConsoleSession session) {
        this.work = work;
        this.watch = watch;
        this.session = session;
        search.addListener((o, was, now) -> {
            String q = now == null ? "" : now.strip().toLowerCase(Locale.ROOT);
            shown.setPredicate(p -> q.isEmpty() || p.name().toLowerCase(Locale.ROOT).contains(q)
                    || p.title().toLowerCase(Locale.ROOT).contains(q));
        });
    }

    private PackageCatalog catalog() throws SQLException {
        if (workConnection == null) {
            workConnection = session.openConnection();
        }
        return new PackageCatalog(workConnection);
    }

    /** Reads what is available and installed, and what the user may do. */
    public void refresh() {
        work.execute(() -> {
            PackageCatalog c = catalog();
            return new Object[] {c.available(), c.installed(), c.mayInstall("SHARED"), c.mayInstall("PRIVATE")};
        }, r -> {
            @SuppressWarnings("unchecked") List<PackageCatalog.Available> a = (List<PackageCatalog.Available>) r[0];
            @SuppressWarnings("unchecked") List<PackageCatalog.Installed> i = (List<PackageCatalog.Installed>) r[1];
            available.setAll(a);
            installed.setAll(i);
            mayInstallShared.set((Boolean) r[2]);
            mayInstallPrivate.set((Boolean) r[3]);
            if (!(Boolean) r[3] && (Boolean) r[2]) {
                scope.set("SHARED");
            }
        }, this::fail);
    }

    /** The dry run of installing {@code names} into the chosen library; handed to {@code show}. */
    public void plan(List<String> names, Consumer<List<PackageCatalog.PlanStep>> show) {
        error.set("");
        String s = scope.get();
        work.execute(() -> catalog().plan(String.join(", ", names), s), show::accept, this::fail);
    }

    public void install(List<String> names) {
        change("INSTALL_PACKAGE", String.join(", ", names), scope.get());
    }

    /** Installs a source tarball at {@code path} (a path the engine can read). */
    public void installFile(String path) {
        change("INSTALL_PACKAGE_FILE", path, scope.get());
    }

    public void remove(PackageCatalog.Installed p, boolean withDependents) {
        change("REMOVE_PACKAGE", p.name(), p.scope(), (short) (withDependents ? 1 : 0));
    }

    public void sync() {
        change("SYNC_EXTERNAL_LIBRARIES");
    }

    /** Asks the engine to stop the operation in progress. */
    public void cancel() {
        long id = watching;
        if (id <= 0) {
            return;
        }
        watch.execute(() -> new PackageCatalog(watchConnection()).call("CANCEL_PACKAGE_OPERATION", id),
                m -> step.set("cancelling..."), this::fail);
    }

    private void change(String procedure, Object... args) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        error.set("");
        message.set("");
        progress.set(-1);
        step.set("starting...");
        log.set("");
        watching = 0;
        work.execute(() -> {
            PackageCatalog c = catalog();
            long before = c.lastOperationId();
            work.publish(() -> opAfter = before);
            return c.call(procedure, args);
        }, outcome -> {
            finish(true);
            message.set(outcome);
            refresh();
        }, t -> {
            finish(false);
            fail(t);
            refresh();
        });
    }

    /** The operation ended: one last read of its row, so the bar and log show how it ended. */
    private void finish(boolean succeeded) {
        busy.set(false);
        long after = opAfter;
        opAfter = -1;
        if (after < 0) {
            return;
        }
        watch.execute(() -> new PackageCatalog(watchConnection()).newestAfter(after), p -> {
            p.ifPresent(this::show);
            if (p.isEmpty()) {
                progress.set(succeeded ? 1 : 0);
                step.set(succeeded ? "done" : "failed");
            }
        }, t -> { });
    }

    /** Reads the running operation's progress (a poller calls this a few times a second). */
    public void poll() {
        long after = opAfter;
        if (!busy.get() || after < 0 || reading) {
            return;
        }
        reading = true;
        watch.execute(() -> new PackageCatalog(watchConnection()).newestAfter(after), p -> {
            reading = false;
            if (busy.get()) {
                p.ifPresent(this::show);
            }
        }, t -> reading = false);
    }

    private void show(PackageCatalog.Progress p) {
        watching = p.id();
        progress.set("SUCCEEDED".equals(p.status()) ? 1 : p.fraction());
        step.set(p.current());
        log.set(p.log());
    }

    private Connection watchConnection() throws SQLException {
        if (watchConnection == null) {
            watchConnection = session.openConnection();
        }
        return watchConnection;
    }

    private void fail(Throwable t) {
        String m = t.getMessage() == null ? t.toString() : t.getMessage();
        error.set(m.replaceFirst("^38S\\d\\d: ", ""));
    }

    public ObservableList<PackageCatalog.Available> available() {
        return shown;
    }

    public ObservableList<PackageCatalog.Installed> installed() {
        return installed;
    }

    /** Installed packages that need {@code p} (so removing it would break them), as the user can see them. */
    public List<PackageCatalog.Installed> dependentsOf(PackageCatalog.Installed p) {
        return installed.stream().filter(i -> i.depends().contains(p.name()) && !i.equals(p)).toList();
    }

    public StringProperty searchProperty() {
        return search;
    }

    public StringProperty scopeProperty() {
        return scope;
    }

    public ReadOnlyBooleanProperty mayInstallSharedProperty() {
        return mayInstallShared;
    }

    public ReadOnlyBooleanProperty mayInstallPrivateProperty() {
        return mayInstallPrivate;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty stepProperty() {
        return step;
    }

    public ReadOnlyStringProperty logProperty() {
        return log;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    /** Whether the console runs in the engine's process (so a local tarball path means the same to the engine). */
    public boolean embedded() {
        return !session.remote();
    }
}
