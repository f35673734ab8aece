package io.satellite.app.console.pools;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.app.console.session.ConsoleSession;
import io.satellite.engine.sql.SqlSession;
import io.satellite.engine.sql.StatementListener;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
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

    public void refresh() {
        executor.execute(this::read, pools::setAll, t -> error.set("Cannot read the pools: " + t.getMessage()));
    }

    private List<PoolRow> read() throws SQLException {
        List<PoolRow> rows = new ArrayList<>();
        try (PreparedStatement s = connection().prepareStatement("SELECT NAME, MAX_CPU_PERCENT, MAX_MEMORY_PERCENT,"
                + " MAX_PROCESSES, ACTIVE, QUEUED, PEAK_ACTIVE, CPU_MS, PEAK_MEMORY_BYTES"
                + " FROM TABLE(SQLML.DM_EXTERNAL_RESOURCE_POOLS()) T ORDER BY NAME");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                rows.add(new PoolRow(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5),
                        rs.getInt(6), rs.getInt(7), rs.getLong(8), rs.getLong(9)));
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
        executor.execute(() -> {
            new SqlSession(connection()).execute(sql, NO_OUTPUT);
            return read();
        }, rows -> {
            pools.setAll(rows);
            message.set("Done: " + sql);
        }, t -> error.set(t instanceof SQLException e && e.getSQLState() != null
                ? "Error " + e.getSQLState() + ": " + e.getMessage() : String.valueOf(t.getMessage())));
    }

    private static final StatementListener NO_OUTPUT = new StatementListener() {
        @Override
        public void warning(SQLWarning warning) {
        }

        @Override
        public void resultSet(ResultSet rs) {
        }

        @Override
        public void updateCount(long count) {
        }
    };

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
