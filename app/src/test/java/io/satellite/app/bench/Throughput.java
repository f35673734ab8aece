package io.satellite.app.bench;

import io.satellite.engine.Engine;
import io.satellite.engine.sql.SqlSession;
import io.satellite.engine.sql.StatementListener;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Rows through an identity R script and back, for one table size: end to end through the
 * engine (to the client, and into a table), the exchange alone, the raw pipe, and the CSV
 * round trip a user would otherwise do.
 */
final class Throughput {
    static final String SECTION = "Throughput: identity R script";

    private Throughput() {
    }

    static String label(int rows) {
        return rows % 1_000_000 == 0 ? rows / 1_000_000 + "M rows" : String.format("%,d rows", rows);
    }

    static void run(Report report, Engine engine, Path work, int rows, boolean fread) throws Exception {
        report.section(SECTION);
        String n = label(rows);
        String table = "BENCH_" + rows;
        try (Connection c = engine.connectAsAdmin()) {
            long t = System.nanoTime();
            SyntheticRows.createTable(c, table, rows);
            report.figure(SECTION, n + ": loading the Derby table (set-up, not compared)", (System.nanoTime() - t) / 1e9,
                    "s", "batched INSERT, 10,000 rows a batch");

            double[] encode = ExchangeRoundTrip.encodeOnly(rows);
            double mb = encode[1] / 1e6;
            report.figure(SECTION, n + ": exchange payload, each way", mb, "MB", "");
            report.figure(SECTION, n + ": Java alone: make the rows and encode them", encode[0], "s",
                    String.format("%.0f MB/s", mb / encode[0]));

            double pipe = PipeCopy.seconds((long) encode[1]);
            report.figure(SECTION, n + ": raw pipe (cat copy, same bytes)", 2 * mb / pipe, "MB/s",
                    String.format("%.2f s; bytes crossing a pipe (in and out) per second", pipe));

            attempt(report, n + ": exchange alone", () -> {
                ExchangeRoundTrip.Result x = ExchangeRoundTrip.run(work.resolve("exchange-" + rows), rows);
                check(n + " exchange", x.rows(), x.idSum(), rows);
                report.figure(SECTION, n + ": exchange alone (Java <-> R, no Derby)", (x.bytesToR() + x.bytesFromR())
                        / 1e6 / x.seconds(), "MB/s", String.format("%.2f s, %.0f rows/s", x.seconds(), rows / x.seconds()));
                report.figure(SECTION, n + ": exchange / raw pipe", 100 * ((x.bytesToR() + x.bytesFromR()) / x.seconds())
                        / (2 * encode[1] / pipe), "%", "");
            });

            attempt(report, n + ": end to end to the client", () -> {
                long t1 = System.nanoTime();
                long[] got = toClient(c, table);
                double toClient = (System.nanoTime() - t1) / 1e9;
                check(n + " to the client", got[0], got[1], rows);
                report.figure(SECTION, n + ": Satellite end to end, table -> R -> client", rows / toClient, "rows/s",
                        String.format("%.2f s, %.1f MB/s", toClient, 2 * mb / toClient));
            });

            double[] intoTable = {Double.NaN};
            attempt(report, n + ": end to end into a table", () -> {
                String copy = table + "_OUT";
                SyntheticRows.createTable(c, copy, 0);
                long t1 = System.nanoTime();
                intoTable(c, table, copy);
                intoTable[0] = (System.nanoTime() - t1) / 1e9;
                long[] stored = SyntheticRows.countAndIdSum(c, copy);
                check(n + " into a table", stored[0], stored[1], rows);
                report.figure(SECTION, n + ": Satellite end to end, table -> R -> table (INSERT ... EXEC)",
                        rows / intoTable[0], "rows/s", String.format("%.2f s, %.1f MB/s", intoTable[0],
                                2 * mb / intoTable[0]));
                dropQuietly(c, copy);
            });

            attempt(report, n + ": CSV round trip", () -> baseline(report, c, table, work, rows, false, intoTable[0]));
            if (fread) {
                attempt(report, n + ": CSV round trip (fread)",
                        () -> baseline(report, c, table, work, rows, true, intoTable[0]));
            }
            dropQuietly(c, table);
        }
    }

    private static void baseline(Report report, Connection c, String table, Path work, int rows, boolean fread,
                                 double satellite) throws Exception {
        String n = label(rows);
        String how = fread ? "data.table fread/fwrite" : "read.csv/write.csv";
        String copy = table + "_CSV";
        CsvRoundTrip.Steps s = CsvRoundTrip.run(c, table, copy, work.resolve("csv-" + rows), fread);
        check(n + " CSV round trip", s.rows(), s.idSum(), rows);
        report.figure(SECTION, n + ": CSV round trip (" + how + ")", rows / s.total(), "rows/s", String.format(
                "%.2f s: export %.2f s, Rscript %.2f s (read %.2f s, write %.2f s), import %.2f s", s.total(), s.export(),
                s.rscript(), s.read(), s.write(), s.load()));
        report.figure(SECTION, n + ": CSV round trip (" + how + ") time / Satellite's (INSERT ... EXEC)",
                s.total() / satellite, "x", "how many times faster Satellite is");
        dropQuietly(c, copy);
    }

    static long[] toClient(Connection c, String table) throws SQLException {
        long rows = 0;
        long ids = 0;
        try (CallableStatement cs = c.prepareCall("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '"
                + ExchangeRoundTrip.IDENTITY + "', 'SELECT id, a, b, s FROM " + table + "', NULL, NULL, NULL, NULL)")) {
            cs.execute();
            try (ResultSet rs = cs.getResultSet()) {
                while (rs.next()) {
                    rows++;
                    ids += rs.getInt(1);
                    rs.getDouble(2);
                    rs.getDouble(3);
                    rs.getString(4);
                }
            }
        }
        return new long[] {rows, ids};
    }

    static void intoTable(Connection c, String from, String to) throws SQLException {
        new SqlSession(c).execute("INSERT INTO " + to + " EXEC sp_execute_external_script @language = N'R',"
                + " @script = N'" + ExchangeRoundTrip.IDENTITY + "', @input_data_1 = N'SELECT id, a, b, s FROM " + from
                + "'", StatementListener.IGNORE);
    }

    /** One measured path; a failure is recorded in the report, and the run goes on with the next. */
    interface MeasuredPath {
        void run() throws Exception;
    }

    private static void attempt(Report report, String what, MeasuredPath path) {
        try {
            path.run();
        } catch (Exception | OutOfMemoryError e) {
            report.problem(SECTION, what + " failed: " + e);
        }
    }

    private static void check(String what, long rows, long idSum, int expected) {
        if (rows != expected || idSum != SyntheticRows.idSum(expected)) {
            throw new IllegalStateException(what + ": " + rows + " rows (id sum " + idSum + ") came back, not "
                    + expected + " (id sum " + SyntheticRows.idSum(expected) + ")");
        }
    }

    private static void dropQuietly(Connection c, String table) {
        try (var s = c.createStatement()) {
            s.execute("DROP TABLE " + table);
        } catch (SQLException e) {
            // already gone
        }
    }
}
