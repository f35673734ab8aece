package io.satellite.app.console.query;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.app.console.session.ConnectedSession;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
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
 * plain tables and the messages. Connecting, running and cancelling happen on {@link BackgroundExecutor}s;
 * every property and list changes on the UI thread only.
 */
public final class QueryViewModel {
    /** Rows kept per result set; the Messages tab says when a result had more. */
    public static final int MAX_ROWS = 10_000;
    /** Batches kept in the history. */
    public static final int HISTORY_SIZE = 100;

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
    private final BackgroundExecutor control;
    private final SessionSource sessions;
    private final ScriptCanceller canceller;
    private final int maxRows;
    private final StringProperty sql = new SimpleStringProperty(EXAMPLE);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.STARTING);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper cancelling = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Connecting…");
    private final ReadOnlyStringWrapper connection = new ReadOnlyStringWrapper("Not connected");
    private final ObservableList<Message> messages = FXCollections.observableArrayList();
    private final ObservableList<ResultTable> results = FXCollections.observableArrayList();
    private final ObservableList<String> history = FXCollections.observableArrayList();
    private final ObservableList<Message> readOnlyMessages = FXCollections.unmodifiableObservableList(messages);
    private final ObservableList<ResultTable> readOnlyResults = FXCollections.unmodifiableObservableList(results);
    private final ObservableList<String> readOnlyHistory = FXCollections.unmodifiableObservableList(history);
    private final QueryHistory historyEntries = new QueryHistory(HISTORY_SIZE);
    private final AtomicBoolean cancelRequested = new AtomicBoolean();
    private ConnectedSession session;

    /** A query window whose batches cannot be cancelled (for tests of one class). */
    public QueryViewModel(BackgroundExecutor executor, SessionSource sessions) {
        this(executor, executor, sessions, null, MAX_ROWS);
    }

    /**
     * @param executor  runs the batches, one at a time
     * @param control   runs cancellations while a batch occupies {@code executor}
     * @param canceller finds and kills the batch's external scripts (null: cancel only skips the rest of the batch)
     */
    public QueryViewModel(BackgroundExecutor executor, BackgroundExecutor control, SessionSource sessions,
                          ScriptCanceller canceller) {
        this(executor, control, sessions, canceller, MAX_ROWS);
    }

    QueryViewModel(BackgroundExecutor executor, BackgroundExecutor control, SessionSource sessions,
                   ScriptCanceller canceller, int maxRows) {
        this.executor = executor;
        this.control = control;
        this.sessions = sessions;
        this.canceller = canceller;
        this.maxRows = maxRows;
        running.bind(state.isEqualTo(State.RUNNING));
        ready.bind(state.isEqualTo(State.READY));
    }

    QueryViewModel(BackgroundExecutor executor, SessionSource sessions, int maxRows) {
        this(executor, executor, sessions, null, maxRows);
    }

    /** Opens the window's session, in the background. */
    public void connect() {
        state.set(State.STARTING);
        status.set("Connecting…");
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
        messages.add(Message.error("Could not connect: " + describe(t)));
        state.set(State.UNAVAILABLE);
        status.set("Not connected");
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
        cancelRequested.set(false);
        history.setAll(historyEntries.add(batch));
        state.set(State.RUNNING);
        status.set("Running…");
        QueryRun run = new QueryRun(executor, messages::add, results::add, maxRows, cancelRequested::get);
        ConnectedSession s = session;
        executor.execute(() -> {
            if (canceller != null) {
                canceller.batchStarting();
            }
            try {
                return run.execute(s.sql(), batch);
            } finally {
                if (canceller != null) {
                    canceller.batchEnded();
                }
            }
        }, this::finished, this::crashed);
    }

    /**
     * Cancels the running batch: its external scripts are killed (their statement fails with
     * 38S09) and no further statement of the batch starts.
     */
    public void cancel() {
        if (state.get() != State.RUNNING || cancelling.get()) {
            return;
        }
        cancelRequested.set(true);
        cancelling.set(true);
        status.set("Cancelling…");
        if (canceller == null) {
            return;
        }
        control.execute(canceller::cancel, ids -> {
            if (!ids.isEmpty()) {
                messages.add(Message.info("Cancel: killed external script request" + (ids.size() == 1 ? " " : "s ")
                        + ids.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "."));
            }
        }, t -> messages.add(Message.error("Cancel failed: " + describe(t))));
    }

    private void finished(QueryRun.Outcome o) {
        failed.set(o.failed());
        cancelling.set(false);
        state.set(State.READY);
        status.set((o.cancelled() ? "Query cancelled" : o.failed() ? "Query completed with errors"
                : "Query executed successfully")
                + " · " + QueryRun.count(o.elapsedMillis()) + " ms"
                + " · " + QueryRun.count(o.rows()) + (o.rows() == 1 ? " row" : " rows"));
    }

    private void crashed(Throwable t) {
        messages.add(Message.error("The query could not run: " + describe(t)));
        failed.set(true);
        cancelling.set(false);
        state.set(State.READY);
        status.set("Query failed");
    }

    private static String describe(Throwable t) {
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return t instanceof SQLException e && e.getSQLState() != null ? m + " (SQLState " + e.getSQLState() + ")" : m;
    }

    /** Replaces the editor's text with a template's. */
    public void useTemplate(QueryTemplates.Template t) {
        sql.set(t.sql());
    }

    /** Writes {@code table} as CSV to {@code file}, in the background; the outcome goes to Messages. */
    public void exportCsv(ResultTable table, java.nio.file.Path file) {
        control.execute(() -> {
            java.nio.file.Files.writeString(file, CsvFormat.of(table.columns(), table.rows()),
                    java.nio.charset.StandardCharsets.UTF_8);
            return file;
        }, f -> messages.add(Message.info("Exported " + QueryRun.rowsAffected(table.rows().size())
                .replace("affected", "to " + f).replace("(", "").replace(")", ""))),
                t -> messages.add(Message.error("Export failed: " + describe(t))));
    }

    /** Batches run in this window, newest first. */
    public ObservableList<String> history() {
        return readOnlyHistory;
    }

    public ReadOnlyBooleanProperty cancellingProperty() {
        return cancelling.getReadOnlyProperty();
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
