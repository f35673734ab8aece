package io.satellite.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What a user would do instead: export the table to CSV with Derby's SYSCS_EXPORT_QUERY, read
 * it in R, write it back as CSV, and import that with SYSCS_IMPORT_DATA.
 */
final class CsvRoundTrip {
    /** Seconds per step, and the rows that arrived in the target table. */
    record Steps(double export, double rscript, double read, double write, double load, long rows, long idSum) {
        double total() {
            return export + rscript + load;
        }
    }

    private CsvRoundTrip() {
    }

    /** True if R has data.table (for fread/fwrite). */
    static boolean hasDataTable() {
        try {
            Process p = new ProcessBuilder("Rscript", "--vanilla", "-e",
                    "quit(status = if (requireNamespace('data.table', quietly = TRUE)) 0 else 1)")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * @param fread use data.table's fread/fwrite instead of base R's read.csv/write.csv
     */
    static Steps run(Connection c, String table, String target, Path work, boolean fread)
            throws SQLException, IOException, InterruptedException {
        Files.createDirectories(work);
        Path in = work.resolve("export.csv");
        Path out = work.resolve("from-r.csv");
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
        SyntheticRows.createTable(c, target, 0);

        long t0 = System.nanoTime();
        try (CallableStatement cs = c.prepareCall("CALL SYSCS_UTIL.SYSCS_EXPORT_QUERY(?, ?, NULL, NULL, 'UTF-8')")) {
            cs.setString(1, "SELECT id, a, b, s FROM " + table);
            cs.setString(2, in.toString());
            cs.execute();
        }
        long t1 = System.nanoTime();
        // write.csv's format without its header line (SYSCS_IMPORT_DATA reads no header).
        String r = fread
                ? "t0 <- proc.time()[[3]]; d <- data.table::fread('" + in + "', header = FALSE,"
                + " col.names = c('id', 'a', 'b', 's')); t1 <- proc.time()[[3]];"
                + " data.table::fwrite(d, '" + out + "', col.names = FALSE, quote = TRUE);"
                + " t2 <- proc.time()[[3]]; cat('TIMES', t1 - t0, t2 - t1, '\\n')"
                : "t0 <- proc.time()[[3]]; d <- read.csv('" + in + "', header = FALSE,"
                + " col.names = c('id', 'a', 'b', 's')); t1 <- proc.time()[[3]];"
                + " write.table(d, '" + out + "', sep = ',', qmethod = 'double', row.names = FALSE, col.names = FALSE);"
                + " t2 <- proc.time()[[3]]; cat('TIMES', t1 - t0, t2 - t1, '\\n')";
        Process p = new ProcessBuilder(List.of("Rscript", "--vanilla", "-e", r)).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0 || !printed.contains("TIMES")) {
            throw new IllegalStateException("the R step of the CSV round trip failed: " + printed);
        }
        long t2 = System.nanoTime();
        String[] times = printed.substring(printed.indexOf("TIMES") + 5).trim().split("\\s+");
        try (CallableStatement cs = c.prepareCall(
                "CALL SYSCS_UTIL.SYSCS_IMPORT_DATA(NULL, ?, NULL, NULL, ?, NULL, NULL, 'UTF-8', 0)")) {
            cs.setString(1, target.toUpperCase(java.util.Locale.ROOT));
            cs.setString(2, out.toString());
            cs.execute();
        }
        long t3 = System.nanoTime();
        long[] check = SyntheticRows.countAndIdSum(c, target);
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
        return new Steps((t1 - t0) / 1e9, (t2 - t1) / 1e9, Double.parseDouble(times[0]), Double.parseDouble(times[1]),
                (t3 - t2) / 1e9, check[0], check[1]);
    }
}
