package io.satellite.app.console.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.app.console.SynchronousExecutor;
import io.satellite.app.console.TestEngine;
import io.satellite.app.console.query.QueryViewModel.State;
import io.satellite.app.console.session.ConnectedSession;
import io.satellite.app.console.session.ConsoleSession;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The query window's logic on a real engine, with no display: every run completes inside run(). */
class QueryViewModelTest {
    @TempDir
    static Path tmp;
    static TestEngine engine;
    static ConsoleSession session;

    @BeforeAll
    static void boot() throws Exception {
        engine = new TestEngine(tmp);
        session = engine.logins().login(engine.target(), "admin", TestEngine.PASSWORD);
    }

    @AfterAll
    static void shutdown() {
        session.close();
        engine.close();
    }

    private static SessionSource source() {
        return () -> ConnectedSession.of(session);
    }

    private static QueryViewModel connected() {
        QueryViewModel vm = new QueryViewModel(new SynchronousExecutor(), source());
        vm.connect();
        assertEquals(State.READY, vm.stateProperty().get(), () -> vm.messages().toString());
        return vm;
    }

    private static List<String> texts(QueryViewModel vm) {
        return vm.messages().stream().map(Message::text).toList();
    }

    private static List<String> row(String... cells) {
        return Arrays.asList(cells);
    }

    @Test
    void connectsAsAdminToTheDataDirectory() {
        QueryViewModel vm = connected();
        assertEquals("ADMIN @ " + tmp.resolve("satellite-data").toAbsolutePath(), vm.connectionProperty().get());
        assertEquals("Ready", vm.statusProperty().get());
        assertTrue(vm.readyProperty().get());
        assertFalse(vm.runningProperty().get());
    }

    @Test
    void selectShowsRowsWithNullsAndRowCounts() {
        QueryViewModel vm = connected();
        vm.run("""
                CREATE TABLE pets (id INT, name VARCHAR(20), weight DOUBLE);
                INSERT INTO pets VALUES (1, 'Rex', 12.5), (2, NULL, 4.0);
                SELECT id, name, weight FROM pets ORDER BY id
                """);
        assertEquals(1, vm.results().size());
        ResultTable t = vm.results().get(0);
        assertEquals(List.of("ID", "NAME", "WEIGHT"), t.columns());
        assertEquals(List.of(true, false, true), t.numeric());
        assertEquals(List.of(row("1", "Rex", "12.5"), row("2", null, "4")), t.rows());
        assertFalse(t.truncated());
        assertEquals(List.of("(2 rows affected)", "(2 rows affected)"), texts(vm));
        assertTrue(vm.messages().stream().allMatch(m -> m.kind() == Message.Kind.INFO));
        assertEquals(State.READY, vm.stateProperty().get());
        assertFalse(vm.failedProperty().get());
        assertTrue(vm.statusProperty().get().matches("Query executed successfully · [\\d,]+ ms · 2 rows"),
                vm.statusProperty().get());
    }

    @Test
    void theExampleRunsRAfterEnablingExternalScripts() {
        QueryViewModel vm = connected();
        vm.run(); // the prefilled example: sp_configure, RECONFIGURE, sp_execute_external_script
        assertEquals(1, vm.results().size(), () -> texts(vm).toString());
        ResultTable t = vm.results().get(0);
        assertEquals(List.of("x", "sq"), t.columns());
        assertEquals(List.of(row("1", "1"), row("2", "4"), row("3", "9")), t.rows());
        List<String> texts = texts(vm);
        assertEquals("(3 rows affected)", texts.get(texts.size() - 1));
        assertTrue(vm.statusProperty().get().endsWith(" · 3 rows"), vm.statusProperty().get());

        vm.run("""
                EXEC sp_execute_external_script @language = N'R',
                    @script = N'print("hello from R"); OutputDataSet <- data.frame(n = c(10L, NA), s = c("a", NA))'
                WITH RESULT SETS ((n INT, s VARCHAR(10)))
                """);
        assertEquals(List.of(row("10", "a"), row(null, null)), vm.results().get(0).rows());
        assertEquals(List.of(Message.output("[1] \"hello from R\""), Message.info("(2 rows affected)")), vm.messages());
    }

    @Test
    void aFailingStatementStopsTheBatchAndIsShownWithItsSqlState() {
        QueryViewModel vm = connected();
        vm.run("VALUES 1; SELECT * FROM SYS.no_such_table; VALUES 2");
        assertEquals(List.of(List.of(row("1"))), vm.results().stream().map(ResultTable::rows).toList());
        assertEquals(List.of(Message.info("(1 row affected)"),
                Message.error("Error 42X05 in statement 2: line 1, column 11: Table/View 'SYS.NO_SUCH_TABLE' does not exist.")), vm.messages());
        assertEquals(State.READY, vm.stateProperty().get());
        assertTrue(vm.failedProperty().get());
        assertTrue(vm.statusProperty().get().matches("Query completed with errors · [\\d,]+ ms · 1 row"),
                vm.statusProperty().get());
    }

    @Test
    void anRErrorIsShownWithItsSqlState() {
        QueryViewModel vm = connected();
        vm.run("""
                EXEC sp_configure 'external scripts enabled', 1;
                RECONFIGURE;
                EXEC sp_execute_external_script @language = N'R', @script = N'stop("boom")'
                """);
        assertTrue(vm.results().isEmpty());
        Message last = vm.messages().get(vm.messages().size() - 1);
        assertEquals(Message.error("Error 38S01 in statement 3: line 3, column 1: Error in R script: boom"), last);
    }

    @Test
    void largeResultsAreCappedWithAMessage() {
        QueryViewModel vm = connected();
        vm.run("SELECT a.COLUMNNAME FROM SYS.SYSCOLUMNS a, SYS.SYSCOLUMNS b");
        ResultTable t = vm.results().get(0);
        assertEquals(QueryViewModel.MAX_ROWS, t.rows().size());
        assertTrue(t.truncated());
        assertEquals(List.of("(first 10,000 rows shown; the result has more rows)"), texts(vm));
        assertTrue(vm.statusProperty().get().endsWith(" · 10,000 rows"), vm.statusProperty().get());
    }

    @Test
    void ddlOnlyBatchSaysCommandsCompleted() {
        QueryViewModel vm = connected();
        vm.run("-- a table for later\nCREATE TABLE later (id INT); DROP TABLE later");
        assertEquals(List.of("Commands completed successfully."), texts(vm));
        assertTrue(vm.results().isEmpty());
    }

    @Test
    void aNewRunClearsTheLastOne() {
        QueryViewModel vm = connected();
        vm.run("VALUES 1");
        vm.run("VALUES ('a', 'b')");
        assertEquals(List.of(List.of("1", "2")), vm.results().stream().map(ResultTable::columns).toList());
        assertEquals(List.of("(1 row affected)"), texts(vm));
    }

    @Test
    void nothingRunsBeforeTheEngineIsReadyOrForABlankBatch() {
        QueryViewModel vm = new QueryViewModel(new SynchronousExecutor(), source());
        vm.run("VALUES 1");
        assertTrue(vm.results().isEmpty());
        assertEquals("Connecting…", vm.statusProperty().get());
        vm.connect();
        vm.run("  \n ");
        assertTrue(vm.messages().isEmpty());
        assertEquals("Ready", vm.statusProperty().get());
    }

    @Test
    void aSessionThatCannotConnectIsReported() {
        QueryViewModel vm = new QueryViewModel(new SynchronousExecutor(), () -> {
            throw new java.sql.SQLException("the database is in use by another Satellite process", "XSDB6");
        });
        vm.connect();
        assertEquals(State.UNAVAILABLE, vm.stateProperty().get());
        assertFalse(vm.readyProperty().get());
        assertEquals("Not connected", vm.statusProperty().get());
        assertEquals(List.of(Message.error("Could not connect: the database is in use by another Satellite"
                + " process (SQLState XSDB6)")), vm.messages());
    }

    @Test
    void historyKeepsEachBatchOnceNewestFirst() {
        QueryViewModel vm = connected();
        vm.run("VALUES 1");
        vm.run("VALUES 2");
        vm.run("  VALUES 1 \n");
        assertEquals(List.of("VALUES 1", "VALUES 2"), vm.history());
    }

    @Test
    void theModelTemplatesTrainStoreAndScoreAsWritten() {
        QueryViewModel vm = connected();
        vm.run("""
                EXEC sp_configure 'external scripts enabled', 1;
                RECONFIGURE;
                CREATE TABLE training_data (x FLOAT, y FLOAT);
                INSERT INTO training_data VALUES (1, 3), (2, 5), (3, 7), (4, 9);
                CREATE TABLE new_data (x FLOAT);
                INSERT INTO new_data VALUES (10), (20);
                """);
        assertFalse(vm.failedProperty().get(), () -> texts(vm).toString());
        vm.useTemplate(template("Train and store a model"));
        vm.run();
        assertFalse(vm.failedProperty().get(), () -> texts(vm).toString());
        vm.useTemplate(template("Score with a stored model"));
        vm.run();
        assertFalse(vm.failedProperty().get(), () -> texts(vm).toString());
        List<List<String>> rows = vm.results().get(0).rows();
        assertEquals(2, rows.size());
        assertEquals(21.0, Double.parseDouble(rows.get(0).get(1)), 1e-9); // y = 2x + 1
        assertEquals(41.0, Double.parseDouble(rows.get(1).get(1)), 1e-9);
    }

    private static QueryTemplates.Template template(String name) {
        return QueryTemplates.ALL.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void exportWritesTheResultAsCsv() throws Exception {
        QueryViewModel vm = connected();
        vm.run("VALUES (1, 'a,b'), (2, CAST(NULL AS VARCHAR(3)))");
        java.nio.file.Path file = tmp.resolve("out.csv");
        vm.exportCsv(vm.results().get(0), file);
        assertEquals("1,2\r\n1,\"a,b\"\r\n2,\r\n", java.nio.file.Files.readString(file));
        assertTrue(texts(vm).get(texts(vm).size() - 1).startsWith("Exported 2 rows to "), texts(vm).toString());
    }
}
