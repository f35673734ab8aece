package io.satellite.app.console.query;

import io.satellite.app.console.BackgroundExecutor;
import io.satellite.engine.sql.SqlSession;
import io.satellite.engine.sql.StatementFailure;
import io.satellite.engine.sql.StatementListener;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One run of a batch, on the background thread: turns what the statements produce into
 * {@link ResultTable}s and {@link Message}s and publishes each to the UI thread as it comes.
 */
final class QueryRun implements StatementListener {
    /** What a run came to: how long it took, how many rows the grids got, whether a statement failed. */
    record Outcome(long elapsedMillis, int resultSets, long rows, boolean failed, boolean cancelled) {
    }

    private static final Set<String> DDL = Set.of("CREATE", "ALTER", "DROP", "GRANT", "REVOKE", "RENAME",
            "DECLARE", "SET", "LOCK", "TRUNCATE");
    private static final Pattern LEADING_COMMENTS = Pattern.compile("^(\\s+|--[^\\n]*|/\\*.*?\\*/)*", Pattern.DOTALL);
    private final BackgroundExecutor executor;
    private final Consumer<Message> messages;
    private final Consumer<ResultTable> results;
    private final ResultReader reader;
    private final int maxRows;
    private String statement = "";
    private int resultSets;
    private long rows;
    private boolean counted;
    private final BooleanSupplier cancelled;

    /** Thrown from a listener call to stop the batch before its next statement. */
    private static final class BatchCancelled extends RuntimeException {
        BatchCancelled(int index) {
            super("Batch cancelled: statement " + index + " and the rest were not run.", null, false, false);
        }
    }

    /** {@code messages} and {@code results} are called on the UI thread. */
    QueryRun(BackgroundExecutor executor, Consumer<Message> messages, Consumer<ResultTable> results, int maxRows,
             BooleanSupplier cancelled) {
        this.cancelled = cancelled;
        this.executor = executor;
        this.messages = messages;
        this.results = results;
        this.reader = new ResultReader(maxRows);
        this.maxRows = maxRows;
    }

    Outcome execute(SqlSession session, String batch) {
        long start = System.nanoTime();
        boolean failed = false;
        try {
            session.execute(batch, this);
            if (resultSets == 0 && !counted) {
                say(Message.info("Commands completed successfully."));
            }
        } catch (BatchCancelled c) {
            failed = true;
            say(Message.error(c.getMessage()));
        } catch (StatementFailure f) {
            failed = true;
            say(Message.error("Error " + f.getSQLState() + " in statement " + f.index() + ": " + f.getMessage()));
        } catch (SQLException e) {
            failed = true;
            say(Message.error("Error " + e.getSQLState() + ": " + e.getMessage()));
        }
        return new Outcome((System.nanoTime() - start) / 1_000_000, resultSets, rows, failed, cancelled.getAsBoolean());
    }

    @Override
    public void statementStarted(int index, String statement) {
        if (cancelled.getAsBoolean()) {
            throw new BatchCancelled(index);
        }
        this.statement = statement;
    }

    @Override
    public void warning(SQLWarning warning) {
        say(Message.output(warning.getMessage()));
    }

    @Override
    public void resultSet(ResultSet rs) throws SQLException {
        ResultTable table = reader.read(rs);
        resultSets++;
        rows += table.rows().size();
        executor.publish(() -> results.accept(table));
        say(Message.info(table.truncated()
                ? "(first " + count(maxRows) + " rows shown; the result has more rows)"
                : rowsAffected(table.rows().size())));
    }

    @Override
    public void updateCount(long count) {
        if (!DDL.contains(firstWord(statement))) {
            counted = true;
            say(Message.info(rowsAffected(count)));
        }
    }

    static String rowsAffected(long n) {
        return "(" + count(n) + (n == 1 ? " row affected)" : " rows affected)");
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** The statement's first keyword, upper case, past leading comments. */
    static String firstWord(String statement) {
        String s = LEADING_COMMENTS.matcher(statement).replaceFirst("");
        return s.split("[^A-Za-z_]", 2)[0].toUpperCase(Locale.ROOT);
    }

    private void say(Message m) {
        executor.publish(() -> messages.accept(m));
    }
}
