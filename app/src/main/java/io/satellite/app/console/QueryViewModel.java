package io.satellite.app.console;

import java.sql.SQLException;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The query window without its nodes: the batch to run, the session's state, the results as
 * plain tables and the messages. Connecting and running happen on the {@link BackgroundExecutor};
 * every property and list changes on the UI thread only.
 */
public final class QueryViewModel {
    /** Rows kept per result set; the Messages tab says when a result had more. */
    public static final int MAX_ROWS = 10_000;

    /** What the window can do now. */
    public enum State { STARTING, READY, RUNNING, UNAVAILABLE }

    static final String EXAMPLE = """
            -- Allow external scripts (once per database, as on SQL Server)
            EXEC sp_configure 'external scripts enabled', 1;
            RECONFIGURE;

            -- Run R inside the database: OutputDataSet comes back as a result set
            EXEC sp_execute_external_script
                @language = N'R',
                @script = N'OutputDataSet <- data.frame(x = 1:3, sq = (1:3)^2)'
            WITH RESULT SETS ((x INT, sq FLOAT));
            """;

    private final BackgroundExecutor executor;
    private final SessionSource sessions;
    private final int maxRows;
    private final StringProperty sql = new SimpleStringProperty(EXAMPLE);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.STARTING);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Starting engine…");
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper("Not connected");
    private final ObservableList<Message> messages = FXCollections.observableArrayList();
    private final ObservableList<ResultTable> results = FXCollections.observableArrayList();
    private final ObservableList<Message> readOnlyMessages = FXCollections.unmodifiableObservableList(messages);
    private final ObservableList<ResultTable> readOnlyResults = FXCollections.unmodifiableObservableList(results);
    private ConnectedSession session;

    public QueryViewModel(BackgroundExecutor executor, SessionSource sessions) {
        this(executor, sessions, MAX_ROWS);
    }

    QueryViewModel(BackgroundExecutor executor, SessionSource sessions, int maxRows) {
        this.executor = executor;
        this.sessions = sessions;
        this.maxRows = maxRows;
        running.bind(state.isEqualTo(State.RUNNING));
        ready.bind(state.isEqualTo(State.READY));
    }

    /** Boots the engine and logs in, in the background. */
    public void connect() {
        state.set(State.STARTING);
        status.set("Starting engine…");
        executor.execute(sessions::connect, this::connected, this::connectFailed);
    }

    private void connected(ConnectedSession s) {
        session = s;
        connection.set(s.user() + " @ " + s.location());
        s.notices().forEach(n -> messages.add(Message.info(n)));
        state.set(State.READY);
        status.set("Ready");
    }

    private void connectFailed(Throwable t) {
        messages.add(Message.error("The engine did not start: " + describe(t)));
        state.set(State.UNAVAILABLE);
        status.set("Engine not available");
    }

    /** Runs the whole batch in the editor. */
    public void run() {
        run(sql.get());
    }

    /** Runs {@code batch} (the editor's text or its selection), if the session is ready. */
    public void run(String batch) {
        if (state.get() != State.READY || batch == null || batch.isBlank()) {
            return;
        }
        messages.clear();
        results.clear();
        failed.set(false);
        state.set(State.RUNNING);
        status.set("Running…");
        QueryRun run = new QueryRun(executor, messages::add, results::add, maxRows);
        executor.execute(() -> run.execute(session.sql(), batch), this::finished, this::crashed);
    }

    private void finished(QueryRun.Outcome o) {
        failed.set(o.failed());
        state.set(State.READY);
        status.set((o.failed() ? "Query completed with errors" : "Query executed successfully")
                + " · " + QueryRun.count(o.elapsedMillis()) + " ms"
                + " · " + QueryRun.count(o.rows()) + (o.rows() == 1 ? " row" : " rows"));
    }

    private void crashed(Throwable t) {
        messages.add(Message.error("The query could not run: " + describe(t)));
        failed.set(true);
        state.set(State.READY);
        status.set("Query failed");
    }

    private static String describe(Throwable t) {
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return t instanceof SQLException e && e.getSQLState() != null ? m + " (SQLState " + e.getSQLState() + ")" : m;
    }

    public StringProperty sqlProperty() {
        return sql;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** True when a batch can be run: connected and not running. */
    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }

    /** True when the last run ended with an error (set before the state returns to READY). */
    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Who is connected to what: {@code ADMIN @ /path/to/data}. */
    public ReadOnlyStringProperty connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    /** Messages of the last run (read-only). */
    public ObservableList<Message> messages() {
        return readOnlyMessages;
    }

    /** Result sets of the last run, in order (read-only). */
    public ObservableList<ResultTable> results() {
        return readOnlyResults;
    }
}
