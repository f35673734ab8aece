package io.satellite.engine.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches without external scripts, on a real engine: variables, PRINT, GO, rewriting, errors. */
class BatchVariablesTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngines.start(dir.resolve("data"));
        conn = engine.connectAsAdmin();
    }

    @AfterAll
    static void stop() throws Exception {
        if (conn != null) {
            conn.close();
        }
        if (engine != null) {
            engine.close();
        }
    }

    static BatchOutput run(String batch) throws Exception {
        BatchOutput out = new BatchOutput();
        new SqlSession(conn).execute(batch, out);
        return out;
    }

    @Test
    void variablesDeclareSetSelectAndPrint() throws Exception {
        BatchOutput out = run("""
                -- a comment with @notAVariable and 'a quote
                CREATE TABLE dbo.[Prices] (item NVARCHAR(20) NOT NULL, price MONEY, sold BIT, sold_at DATETIME2)
                INSERT INTO Prices VALUES (N'tea', 2.50, TRUE, '2024-01-02 10:00:00'), (N'cake', 4.25, FALSE, NULL)
                DECLARE @n INT = 2, @name NVARCHAR(50) = N'O''Brien''s', @total MONEY
                DECLARE @b BIT = 1;
                SET @n = @n * 10 + 1
                SELECT @total = SUM(price) FROM dbo.Prices WHERE sold = @b OR item = 'cake'
                PRINT 'n is ' + CAST(@n AS VARCHAR(10))
                PRINT @name + ' total: ' + CAST(@total AS VARCHAR(20))
                SELECT item, price FROM [dbo].[Prices] WHERE price > @n / 10 ORDER BY item
                /* @n in a comment */ SELECT '@n' AS literal, @n AS n FROM Prices WHERE item = N'tea';
                """);
        assertEquals(List.of("n is 21", "O'Brien's total: 6.7500"), out.printed);
        assertEquals(List.of(List.of("cake", new BigDecimal("4.2500")), List.of("tea", new BigDecimal("2.5000"))),
                out.table(0).rows());
        assertEquals(List.of("@n", 21), out.table(1).rows().get(0));
        assertEquals(List.of(2L), out.counts);
    }

    @Test
    void goEndsTheVariablesOfABatchAndRepeats() throws Exception {
        run("CREATE TABLE ticks (n INT)");
        BatchOutput out = run("""
                DECLARE @x INT = 1
                INSERT INTO ticks VALUES (@x)
                GO 3
                SELECT COUNT(*) FROM ticks
                GO
                """);
        assertEquals(3, out.table(0).value(0, 0));
        StatementFailure f = assertThrows(StatementFailure.class, () -> run("""
                DECLARE @x INT = 1
                GO
                PRINT @x"""));
        assertTrue(f.getMessage().contains("must declare the scalar variable @x"), f.getMessage());
        assertEquals(3, f.line());
        assertEquals(7, f.column());
    }

    @Test
    void binaryValuesAndScalarSubqueries() throws Exception {
        BatchOutput out = run("""
                CREATE TABLE blobs (name VARCHAR(30) NOT NULL PRIMARY KEY, data VARBINARY(MAX) NOT NULL);
                INSERT INTO blobs VALUES ('a', 0x0102FF);
                DECLARE @d VARBINARY(MAX) = (SELECT data FROM blobs WHERE name = 'a');
                INSERT INTO blobs VALUES ('b', @d);
                SELECT data FROM blobs WHERE name = 'b';
                PRINT @d;
                PRINT DATALENGTH(@d);""");
        assertArrayEquals(new byte[] {1, 2, (byte) 0xFF}, (byte[]) out.table(0).value(0, 0));
        assertEquals(List.of("0x0102FF", "3"), out.printed);
    }

    @Test
    void aFailedStatementStopsTheBatchAndEarlierWorkStays() throws Exception {
        StatementFailure f = assertThrows(StatementFailure.class, () -> run("""
                CREATE TABLE kept (n INT);
                INSERT INTO kept VALUES (1);

                INSERT INTO kept VALUES ('not a number');
                INSERT INTO kept VALUES (3);"""));
        assertEquals(4, f.line(), f.getMessage());
        assertEquals(3, f.index());
        assertEquals(List.of(1), run("SELECT n FROM kept").table(0).rows().stream().map(r -> r.get(0)).toList());
    }

    @Test
    void unsupportedConstructsAreNamedWithTheirLine() throws Exception {
        for (String[] c : new String[][] {
                {"PRINT 1\nIF 1 = 1 PRINT 2", "IF", "2"},
                {"DECLARE @i INT = 0\n\n  WHILE @i < 3 SET @i = @i + 1", "WHILE", "3"},
                {"SELECT 1\nSELECT * INTO #t FROM sys.tables", "temporary tables such as #t", "2"},
                {"BEGIN TRY\n SELECT 1\nEND TRY", "BEGIN TRY", "1"},
                {"DECLARE c CURSOR FOR SELECT 1", "cursors", "1"},
                {"DECLARE @t TABLE (a INT)", "table variables", "1"}}) {
            StatementFailure f = assertThrows(StatementFailure.class, () -> run(c[0]));
            assertTrue(f.getMessage().contains(c[1]), f.getMessage());
            assertEquals(Integer.parseInt(c[2]), f.line(), f.getMessage());
            assertEquals("42X01", f.getSQLState());
        }
    }

    @Test
    void dropIfExistsAndDerbyErrorsPointAtTheLine() throws Exception {
        run("DROP TABLE IF EXISTS nothing_here; CREATE TABLE gone (a INT); DROP TABLE IF EXISTS gone");
        StatementFailure f = assertThrows(StatementFailure.class, () -> run("SELECT 1 FROM SYSIBM.SYSDUMMY1\n"
                + "SELECT a,\n  b FROM no_table_like_this"));
        assertEquals(2, f.line(), f.getMessage());
        assertEquals("42X05", f.getSQLState());
    }

    @Test
    void variableValuesAreBoundNeverSpliced() throws Exception {
        BatchOutput out = run("""
                CREATE TABLE notes (s VARCHAR(100));
                DECLARE @s VARCHAR(100) = 'x''); DROP TABLE notes; --';
                INSERT INTO notes VALUES (@s);
                SELECT s FROM notes;""");
        assertEquals("x'); DROP TABLE notes; --", out.table(0).value(0, 0));
    }

    @Test
    void usersKeepStoredProceduresInTheirOwnSchema() throws Exception {
        run("CALL SYSCS_UTIL.SYSCS_CREATE_USER('bob', 'bob-pw')");
        try (Connection bob = engine.connect("bob", "bob-pw")) {
            BatchOutput out = new BatchOutput();
            new SqlSession(bob).execute("""
                    CREATE PROCEDURE dbo.add_one @n INT, @r INT OUTPUT AS SET @r = @n + 1
                    GO
                    DECLARE @x INT
                    EXEC add_one 41, @x OUTPUT
                    PRINT @x""", out);
            assertTrue(out.printed.contains("42"), out.printed.toString());
            StatementFailure f = assertThrows(StatementFailure.class, () -> new SqlSession(bob).execute(
                    "DROP PROCEDURE IF EXISTS admin.anything", new BatchOutput()));
            assertEquals("38S07", f.getSQLState(), f.getMessage());
            assertTrue(f.getMessage().contains("only in schema BOB"), f.getMessage());
            StatementFailure kill = assertThrows(StatementFailure.class, () -> new SqlSession(bob).execute(
                    "EXEC SQLML.KILL_EXTERNAL_SCRIPT 0", new BatchOutput())); // a Derby procedure, by position
            assertTrue(kill.getMessage().contains("request 0"), kill.getMessage());
        }
    }
}
