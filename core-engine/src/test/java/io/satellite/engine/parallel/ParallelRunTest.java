package io.satellite.engine.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @parallel = 1} and {@code @input_data_1_partition_by_columns} on real R workers: one
 * fresh worker per part, outputs concatenated in order, errors naming the part, nothing left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParallelRunTest {
    private static final String CALL = "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT_EX(?,?,?,NULL,NULL,?,?,?,?,?)";
    private static final int ROWS_PER_READ = 100;
    @TempDir
    static Path dir;
    private Engine engine;
    private Connection c;

    @BeforeAll
    void start() throws Exception {
        EngineOptions o = EngineOptions.fromEnvironment(dir.resolve("data"), System.getenv())
                .withAdminPassword(TestEngines.ADMIN_PASSWORD);
        engine = Engine.start(new EngineOptions(o.dataDirectory(), o.adminPassword(), o.rscript(), ROWS_PER_READ,
                o.workerPoolSize(), o.workerLimits()));
        c = engine.connectAsAdmin();
        try (Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
            s.execute("CALL SQLML.RECONFIGURE()");
            s.execute("CREATE TABLE FLOWERS (SPECIES VARCHAR(20), PETAL DOUBLE)");
            s.execute("INSERT INTO FLOWERS VALUES ('virginica', 5.5), ('setosa', 1.4), ('versicolor', 4.5),"
                    + " ('setosa', 1.3), ('virginica', 6.0), ('setosa', 1.5)");
            s.execute("CREATE TABLE NUMBERS (X INT)");
            s.execute("INSERT INTO NUMBERS SELECT * FROM TABLE (VALUES 1) T");
            for (int i = 0; i < 10; i++) { // 1,024 rows
                s.execute("INSERT INTO NUMBERS SELECT X + (SELECT COUNT(*) FROM NUMBERS) FROM NUMBERS");
            }
        }
    }

    @AfterAll
    void stop() throws Exception {
        c.close();
        engine.close();
    }

    @AfterEach
    void nothingLeft() throws Exception {
        assertEquals(List.of(), TestEngines.strayProcesses(engine));
        assertEquals(0, TestEngines.leftoverJobDirectories(engine));
    }

    private List<List<Object>> run(String script, String input, String params, String resultSets, Integer parallel,
                                   String partitionBy, String orderBy) throws SQLException {
        try (CallableStatement cs = c.prepareCall(CALL)) {
            cs.setString(1, "R");
            cs.setString(2, script);
            cs.setString(3, input);
            cs.setString(4, params);
            cs.setString(5, resultSets);
            if (parallel == null) {
                cs.setNull(6, java.sql.Types.INTEGER);
            } else {
                cs.setInt(6, parallel);
            }
            cs.setString(7, partitionBy);
            cs.setString(8, orderBy);
            List<List<Object>> rows = new ArrayList<>();
            if (cs.execute()) {
                try (ResultSet rs = cs.getResultSet()) {
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            row.add(rs.getObject(i));
                        }
                        rows.add(row);
                    }
                }
            }
            return rows;
        }
    }

    @Test
    void eachPartitionRunsOnItsOwnWorkerInKeyOrder() throws Exception {
        List<List<Object>> rows = run("OutputDataSet <- data.frame(species = InputDataSet$SPECIES[1],"
                        + " n = nrow(InputDataSet), first = InputDataSet$PETAL[1], pid = Sys.getpid())",
                "SELECT SPECIES, PETAL FROM FLOWERS", null, null, null, "species", "petal");
        assertEquals(3, rows.size(), rows.toString());
        assertEquals(List.of("setosa", 3, 1.3), rows.get(0).subList(0, 3), "ordered by petal within the part");
        assertEquals(List.of("versicolor", 1, 4.5), rows.get(1).subList(0, 3));
        assertEquals(List.of("virginica", 2, 5.5), rows.get(2).subList(0, 3));
        Set<Object> pids = new HashSet<>();
        rows.forEach(r -> pids.add(r.get(3)));
        assertEquals(3, pids.size(), "a fresh worker per part: " + rows);
        engine.flushHistory();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT WORKERS, ROWS_IN, ROWS_OUT"
                + " FROM SQLML.EXTERNAL_SCRIPT_HISTORY ORDER BY REQUEST_ID DESC FETCH FIRST ROW ONLY")) {
            rs.next();
            assertEquals(List.of(3, 6L, 3L), List.of(rs.getInt(1), rs.getLong(2), rs.getLong(3)));
        }
    }

    @Test
    void tsqlUsersWriteItAsInSqlServer() throws Exception {
        io.satellite.engine.sql.BatchOutput out = new io.satellite.engine.sql.BatchOutput();
        new io.satellite.engine.sql.SqlSession(c).execute("""
                DECLARE @by nvarchar(100) = N'species';
                EXEC sp_execute_external_script @language = N'R'
                  , @script = N'OutputDataSet <- data.frame(s = InputDataSet$species[1], n = nrow(InputDataSet))'
                  , @input_data_1 = N'SELECT species, petal FROM flowers'
                  , @input_data_1_partition_by_columns = @by
                WITH RESULT SETS ((species nvarchar(20), n int));
                """, out);
        assertEquals(List.of(List.of("setosa", 3), List.of("versicolor", 1), List.of("virginica", 2)),
                out.table(0).rows());
    }

    @Test
    void parallelRunsTheScriptOncePerBlockAndConcatenates() throws Exception {
        long before = parallelCount();
        List<List<Object>> rows = run("OutputDataSet <- data.frame(n = nrow(InputDataSet),"
                + " total = sum(as.numeric(InputDataSet$X)))", "SELECT X FROM NUMBERS", null,
                "((n INT, total DOUBLE))", 1, null, null);
        assertEquals(11, rows.size(), "1,024 rows in blocks of " + ROWS_PER_READ + ": " + rows);
        long n = 0;
        double total = 0;
        for (List<Object> r : rows) {
            n += ((Number) r.get(0)).longValue();
            total += ((Number) r.get(1)).doubleValue();
        }
        assertEquals(1024, n);
        assertEquals(1024 * 1025 / 2.0, total);
        assertEquals(ROWS_PER_READ, ((Number) rows.get(0).get(0)).intValue());
        assertEquals(24, ((Number) rows.get(10).get(0)).intValue(), "the last block holds the rest");
        engine.flushHistory();
        assertEquals(before + 1, parallelCount(), "counted as a parallel execution");
    }

    private long parallelCount() throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT COALESCE(SUM(PARALLEL), 0) FROM SQLML.DM_EXTERNAL_SCRIPT_EXECUTION_STATS")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aFailingPartIsNamedAndTheOthersStop() {
        SQLException e = assertThrows(SQLException.class, () -> run("if (InputDataSet$SPECIES[1] == 'versicolor')"
                + " stop('no versicolor here'); OutputDataSet <- InputDataSet", "SELECT SPECIES FROM FLOWERS", null,
                null, null, "SPECIES", null));
        assertEquals("38S01", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("no versicolor here") && e.getMessage().contains("SPECIES = 'versicolor'"),
                e.getMessage());
    }

    @Test
    void partsWithDifferentColumnsAreRefused() {
        SQLException e = assertThrows(SQLException.class, () -> run("OutputDataSet <- if (InputDataSet$SPECIES[1] =="
                + " 'setosa') data.frame(a = 1L) else data.frame(b = 'x')", "SELECT SPECIES FROM FLOWERS", null,
                null, null, "species", null));
        assertEquals("38S04", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("the parts returned different columns"), e.getMessage());
    }

    @Test
    void badCombinationsAreRefusedBeforeAnythingRuns() {
        for (Object[] bad : new Object[][] {
                {"SELECT SPECIES FROM FLOWERS", null, 2, null, "@parallel must be 0 or 1"},
                {"SELECT SPECIES FROM FLOWERS", null, null, "colour", "partition column 'COLOUR' is not a column of @input_data_1"},
                {"SELECT SPECIES FROM FLOWERS", null, null, "species; DROP TABLE FLOWERS", "is not a column name"},
                {null, null, 1, null, "needs @input_data_1"},
                {"SELECT SPECIES FROM FLOWERS", "@m varbinary(max) OUTPUT", 1, null, "OUTPUT parameters cannot"}}) {
            SQLException e = assertThrows(SQLException.class, () -> run("OutputDataSet <- InputDataSet",
                    (String) bad[0], (String) bad[1], null, (Integer) bad[2], (String) bad[3], null));
            assertTrue(e.getMessage().contains((String) bad[4]), e.getMessage());
        }
    }

    @Test
    void killingAPartitionedRequestKillsAllItsWorkers() throws Exception {
        CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
            try (Connection other = engine.connectAsAdmin(); CallableStatement cs = other.prepareCall(CALL)) {
                cs.setString(1, "R");
                cs.setString(2, "Sys.sleep(60)");
                cs.setString(3, "SELECT SPECIES FROM FLOWERS");
                cs.setString(4, null);
                cs.setString(5, null);
                cs.setNull(6, java.sql.Types.INTEGER);
                cs.setString(7, "species");
                cs.setString(8, null);
                cs.execute();
            } catch (SQLException e) {
                throw new RuntimeException(e);
            }
        });
        long id = 0;
        for (int i = 0; i < 100 && id == 0; i++) {
            Thread.sleep(100);
            var active = engine.requests().active();
            if (!active.isEmpty() && active.get(0).pids().size() >= 2) {
                id = active.get(0).id();
            }
        }
        assertTrue(id > 0, "the request never had two workers running");
        try (Statement s = c.createStatement()) {
            s.execute("CALL SQLML.KILL_EXTERNAL_SCRIPT(" + id + ")");
        }
        Exception e = assertThrows(Exception.class, () -> running.get(30, TimeUnit.SECONDS));
        assertTrue(String.valueOf(e.getCause()).contains("38S09") || String.valueOf(e.getCause()).contains("cancelled"),
                String.valueOf(e.getCause()));
    }
}
