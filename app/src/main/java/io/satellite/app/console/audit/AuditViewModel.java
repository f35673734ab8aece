package io.satellite.app.console.audit;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.app.console.session.ConsoleSession;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Audit view without its nodes: the filtered events, the actions seen so far, export. SQL
 * runs on the executor on the view's own connection. A non-administrator is told why the list
 * is empty rather than shown an empty table.
 */
public final class AuditViewModel {
    private final BackgroundExecutor executor;
    private final ConsoleSession session;
    private final ObservableList<AuditEntry> events = FXCollections.observableArrayList();
    private final ObservableList<String> actions = FXCollections.observableArrayList();
    private final ObjectProperty<AuditFilter> filter = new SimpleObjectProperty<>(AuditFilter.ALL);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private AuditSource source;

    public AuditViewModel(BackgroundExecutor executor, ConsoleSession session) {
        this.executor = executor;
        this.session = session;
        filter.addListener((o, was, now) -> refresh());
    }

    private AuditSource source() throws SQLException {
        if (source == null) {
            source = new AuditSource(session.openConnection());
        }
        return source;
    }

    private record Reading(boolean admin, List<String> actions, List<AuditEntry> events) {
    }

    /** Reads the events with the current filter. */
    public void refresh() {
        AuditFilter f = filter.get();
        executor.execute(() -> {
            AuditSource s = source();
            boolean admin = s.isAdmin();
            return new Reading(admin, admin ? s.actions() : List.of(), admin ? s.events(f, Instant.now()) : List.of());
        }, r -> {
            events.setAll(r.events());
            if (!actions.equals(r.actions())) {
                actions.setAll(r.actions());
            }
            message.set(r.admin() ? r.events().size() + (r.events().size() == 1 ? " event" : " events")
                    + (r.events().size() == AuditSource.ROWS ? " (the newest " + AuditSource.ROWS + ")" : "")
                    : "Only administrators (members of SQLML_ADMIN) may read the audit log.");
        }, t -> message.set("Cannot read the audit log: " + t.getMessage()));
    }

    /** Exports the whole log with SQLML.EXPORT_AUDIT to {@code file} on the engine's host. */
    public void export(String file) {
        executor.execute(() -> {
            source().export(file);
            return file;
        }, f -> message.set("Exported the audit log to " + f + (session.remote() ? " on the server's host." : ".")),
                t -> message.set("Export failed: " + t.getMessage()));
    }

    public ObservableList<AuditEntry> events() {
        return events;
    }

    public ObservableList<String> actions() {
        return actions;
    }

    public ObjectProperty<AuditFilter> filterProperty() {
        return filter;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
