package io.satellite.app.console.pools;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.app.console.session.ConsoleSession;
import io.satellite.engine.sql.SqlSession;
import io.satellite.engine.sql.StatementListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Resource pools view without its nodes: the pools with their limits and use, and create,
 * alter and drop as the T-SQL statements a DBA would type (run through the engine's T-SQL
 * session, audited there; only administrators may).
 */
public final class PoolsViewModel {
    private final BackgroundExecutor executor;
    private final ConsoleSession session;
    private final ObservableList<PoolRow> pools = FXCollections.observableArrayList();
    private final ObservableList<ClassifierRule> rules = FXCollections.observableArrayList();
    private final ObservableList<List<String>> isolation = FXCollections.observableArrayList();
    private final java.util.concurrent.atomic.AtomicBoolean isolationRead = new java.util.concurrent.atomic.AtomicBoolean();
    private final javafx.beans.property.ReadOnlyBooleanWrapper admin = new javafx.beans.property.ReadOnlyBooleanWrapper();

    /** A classifier rule: a user or role and the pool its jobs run in. */
    public record ClassifierRule(String principal, String pool) {
    }

    private record Snapshot(List<PoolRow> pools, List<ClassifierRule> rules, boolean admin) {
    }
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private Connection connection;

    public PoolsViewModel(BackgroundExecutor executor, ConsoleSession session) {
        this.executor = executor;
        this.session = session;
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = session.openConnection();
        }
        return connection;
    }

    /**
     * Reads the pools, then (the first time only) what the host enforces: the engine's sandbox
     * probe takes seconds on first use, and the pools and the forms must not wait for it.
     */
    public void refresh() {
        executor.execute(this::read, this::show, t -> error.set("Cannot read the pools: " + t.getMessage()));
        if (!isolationRead.get()) {
            executor.execute(this::readIsolation, this::showIsolation,
                    t -> error.set("Cannot read what this host enforces: " + t.getMessage()));
        }
    }

    private void showIsolation(List<List<String>> features) {
        if (!features.isEmpty()) {
            isolation.setAll(features);
        }
    }

    private void show(Snapshot s) {
        pools.setAll(s.pools());
        if (!rules.equals(s.rules())) {
            rules.setAll(s.rules());
        }
        admin.set(s.admin());
    }

    private Snapshot read() throws SQLException {
        java.util.Map<String, String> affinity = new java.util.HashMap<>();
        try (PreparedStatement s = connection().prepareStatement("SELECT NAME, AFFINITY FROM SQLML.EXTERNAL_RESOURCE_POOLS");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                affinity.put(rs.getString(1), rs.getString(2));
            }
        }
        List<ClassifierRule> classifier = new ArrayList<>();
        try (PreparedStatement s = connection().prepareStatement(
                "SELECT PRINCIPAL, POOL_NAME FROM SQLML.EXTERNAL_POOL_CLASSIFIER ORDER BY PRINCIPAL");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                classifier.add(new ClassifierRule(rs.getString(1), rs.getString(2)));
            }
        }
        boolean isAdmin;
        try (PreparedStatement s = connection().prepareStatement("VALUES SQLML.IS_ADMIN()"); ResultSet rs = s.executeQuery()) {
            isAdmin = rs.next() && rs.getInt(1) == 1;
        }
        return new Snapshot(pools(affinity), classifier, isAdmin);
    }

    /** What the host enforces: probed once by the engine, read once here (empty once read). */
    private List<List<String>> readIsolation() {
        List<List<String>> features = new ArrayList<>();
        if (isolationRead.get()) {
            return features;
        }
        try (PreparedStatement s = connection().prepareStatement(
                "SELECT FEATURE, ENFORCED, DETAIL FROM TABLE(SQLML.DM_EXTERNAL_SANDBOX()) T");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                features.add(List.of(rs.getString(1), rs.getString(2), String.valueOf(rs.getString(3))));
            }
            isolationRead.set(true);
        } catch (SQLException e) {
            features.add(List.of("sandbox probe", "?", "could not be read: " + e.getMessage()));
        }
        return features;
    }

    private List<PoolRow> pools(java.util.Map<String, String> affinity) throws SQLException {
        List<PoolRow> rows = new ArrayList<>();
        try (PreparedStatement s = connection().prepareStatement("SELECT NAME, MAX_CPU_PERCENT, MAX_MEMORY_PERCENT,"
                + " MAX_PROCESSES, ACTIVE, QUEUED, PEAK_ACTIVE, CPU_MS, PEAK_MEMORY_BYTES"
                + " FROM TABLE(SQLML.DM_EXTERNAL_RESOURCE_POOLS()) T ORDER BY NAME");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new PoolRow(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                        rs.getInt(6), rs.getInt(7), rs.getLong(8), rs.getLong(9), affinity.get(rs.getString(1))));
            }
        }
        return rows;
    }

    public void create(PoolSettings s) {
        apply(() -> s.statement(true));
    }

    public void alter(PoolSettings s) {
        apply(() -> s.statement(false));
    }

    public void drop(PoolSettings s) {
        apply(s::dropStatement);
    }

    private void apply(java.util.function.Supplier<String> statement) {
        String sql;
        try {
            sql = statement.get();
        } catch (IllegalArgumentException e) {
            error.set(e.getMessage());
            return;
        }
        error.set("");
        run(sql);
    }

    /** Puts a user's or role's jobs in {@code pool}; a blank pool sends them back to the default pool. */
    public void classify(String principal, String pool) {
        if (principal == null || principal.isBlank()) {
            error.set("Name the user or role to classify");
            return;
        }
        boolean remove = pool == null || pool.isBlank();
        String sql = "CALL SQLML.CLASSIFY_EXTERNAL_POOL('" + principal.strip().replace("'", "''") + "', "
                + (remove ? "NULL" : "'" + pool.strip().replace("'", "''") + "'") + ")";
        error.set("");
        run(sql);
    }

    private void run(String sql) {
        executor.execute(() -> {
            new SqlSession(connection()).execute(sql, StatementListener.IGNORE);
            return read();
        }, snapshot -> {
            show(snapshot);
            message.set("Done: " + sql);
        }, t -> error.set(t instanceof SQLException e && e.getSQLState() != null
                ? "Error " + e.getSQLState() + ": " + e.getMessage() : String.valueOf(t.getMessage())));
    }

    public ObservableList<ClassifierRule> rules() {
        return rules;
    }

    /** What the sandbox enforces on this host: FEATURE, ENFORCED (YES/NO), DETAIL. */
    public ObservableList<List<String>> isolation() {
        return isolation;
    }

    public javafx.beans.property.ReadOnlyBooleanProperty adminProperty() {
        return admin.getReadOnlyProperty();
    }

    public ObservableList<PoolRow> pools() {
        return pools;
    }

    /** The last statement that succeeded. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the last action failed ("" when it did not). */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
