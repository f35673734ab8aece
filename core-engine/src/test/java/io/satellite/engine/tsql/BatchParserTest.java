package io.satellite.engine.tsql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.script.SqlType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batch front end's pieces on canned text: batches, statement boundaries, parsing, rewriting. */
class BatchParserTest {

    private static List<BatchStatement> statements(String script) {
        List<BatchScript.Batch> batches = BatchScript.of(script).batches();
        assertEquals(1, batches.size());
        return batches.get(0).statements();
    }

    private static List<String> texts(String script) {
        return statements(script).stream().map(s -> s.source().text()).toList();
    }

    @Test
    void goSeparatesBatchesOnlyOnItsOwnLine() {
        BatchScript s = BatchScript.of("SELECT 'GO'\nGO\n-- GO in a comment\nSELECT 1 AS go\n  go 2 \nPRINT 1");
        assertEquals(3, s.batches().size());
        assertEquals(2, s.batches().get(1).repeat());
        assertEquals(List.of(), BatchScript.of("  \n-- nothing\nGO\n").batches());
    }

    @Test
    void statementsEndWithoutSemicolonsWhereANewOneBegins() {
        assertEquals(List.of("DECLARE @m VARBINARY(MAX)", "EXEC p @m OUTPUT",
                        "INSERT INTO models VALUES ('lm', @m)", "SELECT * FROM models", "PRINT 'done'"),
                texts("DECLARE @m VARBINARY(MAX)\nEXEC p @m OUTPUT\nINSERT INTO models VALUES ('lm', @m)\n"
                        + "SELECT * FROM models PRINT 'done'"));
        assertEquals(List.of("INSERT INTO t (a) SELECT a FROM u UNION ALL SELECT a FROM v", "SELECT 1"),
                texts("INSERT INTO t (a) SELECT a FROM u UNION ALL SELECT a FROM v\nSELECT 1"));
        assertEquals(List.of("UPDATE t SET a = CASE WHEN b = 1 THEN 2 ELSE 3 END WHERE c IN (SELECT c FROM d)",
                "SET @x = 1"), texts("UPDATE t SET a = CASE WHEN b = 1 THEN 2 ELSE 3 END WHERE c IN (SELECT c FROM d)"
                + " SET @x = 1"));
        assertEquals(List.of("CREATE TABLE t (a INT REFERENCES u ON DELETE SET NULL)", "DROP TABLE IF EXISTS t",
                "GRANT SELECT, INSERT ON t TO bob", "EXEC sp_configure"),
                texts("CREATE TABLE t (a INT REFERENCES u ON DELETE SET NULL) DROP TABLE IF EXISTS t "
                        + "GRANT SELECT, INSERT ON t TO bob EXEC sp_configure"));
        assertEquals(List.of("INSERT INTO p EXEC sp_execute_external_script @language = N'R', @script = N's'",
                "SELECT 2"), texts("BEGIN\nINSERT INTO p EXEC sp_execute_external_script @language = N'R',"
                + " @script = N's'\nSELECT 2\nEND"));
        // a keyword as the last part of a qualified name (the engine's own advice spells RECONFIGURE this way)
        assertEquals(List.of("CALL SQLML.RECONFIGURE()", "CALL SQLML.SP_CONFIGURE('x', 1)", "SELECT t.close FROM t",
                        "SELECT t.end, t.case, t.begin FROM t"),
                texts("CALL SQLML.RECONFIGURE() CALL SQLML.SP_CONFIGURE('x', 1) SELECT t.close FROM t"
                        + " SELECT t.end, t.case, t.begin FROM t"));
    }

    @Test
    void statementsAreParsedIntoTheirKinds() {
        List<BatchStatement> s = statements("""
                DECLARE @a INT = (SELECT COUNT(*) FROM t), @b NVARCHAR(MAX);
                SET @b = N'x' + 'y';
                SELECT @a = MAX(n), @b = MIN(s) FROM t WHERE k = @a;
                PRINT @b;
                INSERT INTO [dbo].[preds] (p, [the month]) EXECUTE sp_execute_external_script @language = N'R', @script = N'x';
                EXEC dbo.score @model_name = 'lm', @n = @a OUTPUT;
                DROP PROCEDURE IF EXISTS dbo.score;
                SET NOCOUNT ON;
                SELECT 1;""");
        BatchStatement.Declare d = assertInstanceOf(BatchStatement.Declare.class, s.get(0));
        assertEquals(SqlType.INTEGER, d.variables().get(0).type());
        assertEquals(SqlType.VARCHAR, d.variables().get(1).type());
        assertTrue(d.variables().get(1).initial().isEmpty());
        assertInstanceOf(BatchStatement.SetVariable.class, s.get(1));
        assertEquals(2, assertInstanceOf(BatchStatement.SelectAssign.class, s.get(2)).assignments().size());
        assertInstanceOf(BatchStatement.Print.class, s.get(3));
        BatchStatement.InsertExec i = assertInstanceOf(BatchStatement.InsertExec.class, s.get(4));
        assertEquals(List.of("p", "\"the month\""), i.columns());
        assertTrue(i.exec().isExternalScript());
        BatchStatement.Exec e = assertInstanceOf(BatchStatement.Exec.class, s.get(5));
        assertEquals(new ProcedureName(null, "SCORE"), e.qualified());
        assertTrue(assertInstanceOf(BatchStatement.DropProcedure.class, s.get(6)).ifExists());
        assertInstanceOf(BatchStatement.Ignored.class, s.get(7));
        assertInstanceOf(BatchStatement.Sql.class, s.get(8));
    }

    @Test
    void createProcedureTakesTheRestOfTheBatch() {
        BatchStatement.CreateProcedure c = assertInstanceOf(BatchStatement.CreateProcedure.class, statements("""
                CREATE PROCEDURE dbo.score (@model_name VARCHAR(100), @n INT = 5, @out FLOAT OUTPUT)
                AS
                BEGIN
                    DECLARE @m VARBINARY(MAX) = (SELECT model FROM models WHERE name = @model_name);
                    SELECT @out = 1.5;
                END;""").get(0));
        assertEquals(new ProcedureName(null, "SCORE"), c.name());
        assertEquals(3, c.parameters().size());
        assertTrue(c.parameters().get(1).hasDefault());
        assertEquals(5, c.parameters().get(1).defaultValue());
        assertTrue(c.parameters().get(2).output());
        assertTrue(c.body().startsWith("BEGIN") && c.body().endsWith("END"), c.body());
        SqlSyntaxException bad = assertThrows(SqlSyntaxException.class, () -> statements(
                "CREATE PROCEDURE p AS\nBEGIN\n  WHILE 1 = 1 PRINT 1\nEND"));
        assertTrue(bad.getMessage().contains("WHILE"), bad.getMessage());
    }

    @Test
    void rewritingBindsVariablesAndSpellsTsqlTheDerbyWay() {
        String sql = "SELECT TOP 3 [Month], [Year], [order id], 'a @b' + @name AS s, ISNULL(x, 0), GETDATE()"
                + " FROM dbo.t /* @c */ WHERE n = CONVERT(int, @n) AND y = 0x0A -- @d";
        List<Token> tokens = SqlLexer.tokenize(sql);
        SqlRewriter.BoundSql b = SqlRewriter.rewrite(sql, tokens,
                v -> v.text().equals("@name") ? SqlType.parse("nvarchar(20)") : SqlType.INTEGER);
        assertEquals("SELECT Month, \"YEAR\", \"order id\", 'a @b' || CAST(? AS VARCHAR(20)) AS s, COALESCE(x, 0),"
                + " CURRENT_TIMESTAMP FROM t /* @c */ WHERE n = CAST(CAST(? AS INTEGER) AS INTEGER) AND y = ?"
                + " FETCH FIRST 3 ROWS ONLY", b.sql());
        assertEquals(List.of("@name", "@n", "0A"), b.variables().stream().map(Token::text).toList());
        String ddl = "CREATE TABLE m (id INT IDENTITY(1,1), name NVARCHAR(30) DEFAULT('x'), model VARBINARY(MAX),"
                + " at_time DATETIME2, ok BIT)";
        assertEquals("CREATE TABLE m (id INTEGER GENERATED ALWAYS AS IDENTITY (START WITH 1, INCREMENT BY 1),"
                        + " name VARCHAR(30) DEFAULT 'x', model BLOB(2G), at_time TIMESTAMP, ok BOOLEAN)",
                SqlRewriter.rewrite(ddl, SqlLexer.tokenize(ddl), v -> SqlType.INTEGER).sql());
    }

    @Test
    void sourceLinesAreOneBased() {
        SourceLines l = new SourceLines("ab\ncd\n\nx");
        assertEquals(1, l.line(0));
        assertEquals(2, l.line(3));
        assertEquals(2, l.column(4));
        assertEquals("line 4, column 1", l.describe(7));
    }
}
