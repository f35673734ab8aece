package io.satellite.engine.tsql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TsqlTranslatorTest {

    @Test
    void tutorialFormBecomesBoundCall() {
        Translation t = TsqlTranslator.translate("""
                EXECUTE sp_execute_external_script
                    @language = N'R'
                  , @script = N'OutputDataSet <- InputDataSet; print(''it''''s'')'
                  , @input_data_1 = N'SELECT 1 AS hello'
                WITH RESULT SETS (([hello world] int not null))""");
        assertTrue(t.translated());
        assertEquals("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, ?, ?, ?, ?, ?, ?)", t.sql());
        assertEquals(Arrays.asList("R", "OutputDataSet <- InputDataSet; print('it''s')", "SELECT 1 AS hello",
                null, null, null, "WITH RESULT SETS (([hello world] int not null))"), t.parameters());
    }

    @Test
    void paramsDeclarationsAndValuesAreMerged() {
        Translation t = TsqlTranslator.translate("exec sys.sp_execute_external_script @language=N'R',"
                + " @script=N'x', @params = N'@n int, @label nvarchar(20), @model varbinary(max) OUTPUT',"
                + " @n = -5, @label = N'O''Brien', @model = @trained OUTPUT");
        assertEquals("@n INTEGER = -5, @label VARCHAR(20) = 'O''Brien', @model BLOB(2G) OUTPUT", t.parameters().get(5));
    }

    @Test
    void positionalArgumentsAreAccepted() {
        Translation t = TsqlTranslator.translate("EXEC sp_execute_external_script N'R', N'print(1)'");
        assertEquals(List.of("R", "print(1)"), t.parameters().subList(0, 2));
    }

    @Test
    void missingOrUndeclaredParametersAreRefusedByName() {
        SqlSyntaxException missing = assertThrows(SqlSyntaxException.class, () -> TsqlTranslator.translate(
                "EXEC sp_execute_external_script @language=N'R', @script=N'x', @params=N'@n int'"));
        assertTrue(missing.getMessage().contains("@n"), missing.getMessage());
        SqlSyntaxException extra = assertThrows(SqlSyntaxException.class, () -> TsqlTranslator.translate(
                "EXEC sp_execute_external_script @language=N'R', @script=N'x', @k = 1"));
        assertTrue(extra.getMessage().contains("@k"), extra.getMessage());
    }

    @Test
    void injectionStaysInsideBoundValues() {
        Translation t = TsqlTranslator.translate("EXEC sp_execute_external_script @language = N'R''); DROP TABLE T; --',"
                + " @script = N'x'");
        assertEquals("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, ?, ?, ?, ?, ?, ?)", t.sql());
        assertEquals("R'); DROP TABLE T; --", t.parameters().get(0));
    }

    @Test
    void configureAndReconfigure() {
        Translation set = TsqlTranslator.translate("EXEC sp_configure 'external scripts enabled', 1");
        assertEquals("CALL SQLML.SP_CONFIGURE(?, ?)", set.sql());
        assertEquals(List.of("external scripts enabled", 1), set.parameters());
        assertTrue(TsqlTranslator.translate("sp_configure").sql().startsWith("SELECT NAME"));
        assertTrue(TsqlTranslator.translate("EXEC sp_configure").sql().startsWith("SELECT NAME"));
        assertEquals("CALL SQLML.RECONFIGURE()", TsqlTranslator.translate("RECONFIGURE WITH OVERRIDE").sql());
        assertThrows(SqlSyntaxException.class, () -> TsqlTranslator.translate("EXEC sp_configure 'x', 'on'"));
    }

    @Test
    void otherStatementsPassThrough() {
        Translation t = TsqlTranslator.translate("SELECT * FROM T WHERE A = 'EXEC'");
        assertFalse(t.translated());
        assertEquals("SELECT * FROM T WHERE A = 'EXEC'", t.sql());
    }

    @Test
    void splitterKeepsSemicolonsInsideStringsAndComments() {
        List<String> s = StatementSplitter.split("""
                EXEC sp_execute_external_script @language = N'R', @script = N'a <- 1; b <- 2'; -- done; really
                SELECT 1 /* ; */
                GO
                RECONFIGURE;""");
        assertEquals(3, s.size(), s.toString());
        assertTrue(s.get(0).endsWith("N'a <- 1; b <- 2'"));
        assertEquals("-- done; really\nSELECT 1 /* ; */", s.get(1));
        assertEquals("RECONFIGURE", s.get(2));
    }

    @Test
    void parallelAndPartitionArgumentsGoToTheExtendedProcedure() {
        Translation t = TsqlTranslator.translate("EXEC sp_execute_external_script @language = N'R', @script = N'x',"
                + " @input_data_1 = N'SELECT a, b FROM t', @parallel = 1, @input_data_1_partition_by_columns = N'a',"
                + " @input_data_1_order_by_columns = N'b'");
        assertEquals("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT_EX(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", t.sql());
        assertEquals(Arrays.asList("R", "x", "SELECT a, b FROM t", null, null, null, null, 1, "a", "b"),
                t.parameters());
        Translation plain = TsqlTranslator.translate("EXEC sp_execute_external_script @language = N'R',"
                + " @script = N'x', @parallel = 0");
        assertEquals("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT(?, ?, ?, ?, ?, ?, ?)", plain.sql());
        SqlSyntaxException e = assertThrows(SqlSyntaxException.class, () -> TsqlTranslator.translate(
                "EXEC sp_execute_external_script @language = N'R', @script = N'x', @r_rowsPerRead = 100"));
        assertTrue(e.getMessage().contains("@r_rowsPerRead is not supported"), e.getMessage());
    }
}
