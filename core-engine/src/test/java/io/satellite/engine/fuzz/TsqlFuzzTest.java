package io.satellite.engine.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.script.SqlType;
import io.satellite.engine.tsql.BatchScript;
import io.satellite.engine.tsql.BatchStatement;
import io.satellite.engine.tsql.ExternalScriptCall;
import io.satellite.engine.tsql.SqlRewriter;
import io.satellite.engine.tsql.SqlSyntaxException;
import io.satellite.engine.tsql.Token;
import io.satellite.engine.tsql.TokenCursor;
import io.satellite.engine.tsql.TsqlTranslator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The T-SQL front end (batches, statements, the translator of EXEC sp_execute_external_script,
 * pool and security statements, the variable rewriter) fed random text and the tutorials'
 * scripts mutated at random: every input is translated or refused with a
 * {@link SqlSyntaxException} that says what is wrong, within 5 s, in bounded memory. Nothing
 * runs against a database here: this is the parser alone.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TsqlFuzzTest {
    private static final int INPUTS = Integer.getInteger("fuzz.inputs", 20_000);
    private static final List<String> SEEDS = List.of("""
            EXEC sp_configure 'external scripts enabled', 1;
            RECONFIGURE WITH OVERRIDE;
            CREATE TABLE iris_sample (sepal_length DOUBLE, species VARCHAR(20));
            INSERT INTO iris_sample VALUES (5.1, 'setosa'), (7.0, 'versicolor');
            EXEC sp_execute_external_script
                @language = N'R'
              , @script = N'print(nrow(InputDataSet))
                            OutputDataSet <- aggregate(sepal_length ~ species, InputDataSet, mean)'
              , @input_data_1 = N'SELECT sepal_length, species FROM iris_sample'
            WITH RESULT SETS ((species VARCHAR(20), mean_length FLOAT));
            """, """
            CREATE PROCEDURE generate_rental_rx_model (@trained_model VARBINARY(max) OUTPUT)
            AS
            BEGIN
                EXECUTE sp_execute_external_script @language = N'R'
                , @script = N'model <- lm(RentalCount ~ Month + Holiday, data = rental_train_data)
                              trained_model <- as.raw(serialize(model, connection = NULL))'
                , @input_data_1 = N'SELECT RentalCount, Month, Holiday FROM dbo.rental_data WHERE Year < 2015'
                , @input_data_1_name = N'rental_train_data'
                , @params = N'@trained_model varbinary(max) OUTPUT'
                , @trained_model = @trained_model OUTPUT;
            END;
            GO
            DECLARE @model VARBINARY(MAX), @n INT = 5, @name NVARCHAR(50) = N'linear' + 'model';
            EXEC generate_rental_rx_model @model OUTPUT;
            INSERT INTO rental_rx_models (model_name, model) VALUES ('linear_model', @model);
            SET @n = (SELECT COUNT(*) FROM [dbo].[rental_rx_models]) + ISNULL(@n, 0);
            SELECT @name = model_name FROM rental_rx_models WHERE LEN(model_name) > 2;
            PRINT 'model size: ' + CAST(DATALENGTH(@model) AS VARCHAR(20));
            GO 2
            """, """
            CREATE EXTERNAL RESOURCE POOL ep_analysts WITH (MAX_PROCESSES = 4, MAX_MEMORY_PERCENT = 30,
                AFFINITY CPU = (0 TO 1), MAX_DURATION_SECONDS = 600, QUEUE_TIMEOUT_SECONDS = 30);
            ALTER EXTERNAL RESOURCE POOL ep_analysts WITH (MAX_PROCESSES = 8);
            DROP EXTERNAL RESOURCE POOL ep_analysts;
            CREATE LOGIN analyst WITH PASSWORD = 'a-long-password';
            CREATE ROLE data_scientists;
            ALTER ROLE data_scientists ADD MEMBER analyst;
            GRANT EXECUTE ANY EXTERNAL SCRIPT TO data_scientists;
            DENY EXECUTE ANY EXTERNAL SCRIPT TO analyst;
            EXEC sp_addrolemember 'db_owner', 'analyst';
            """, """
            INSERT INTO t (a, b) EXEC sp_execute_external_script @language = N'Python',
              @script = N'OutputDataSet = InputDataSet.groupby("species", as_index=False).mean()',
              @input_data_1 = N'SELECT species, sepal_length FROM iris_sample',
              @input_data_1_partition_by_columns = N'species', @parallel = 1,
              @params = N'@n INT, @x FLOAT OUTPUT', @n = 3, @x = @y OUTPUT
            WITH RESULT SETS NONE;
            DROP TABLE IF EXISTS t; SELECT TOP 5 * FROM t /* c */ -- end
            USE db; SET NOCOUNT ON; IF EXISTS (SELECT 1) DROP TABLE t; WHILE 1 = 1 PRINT 'x'
            """);
    private static final List<String> FRAGMENTS = List.of("'", "N'", "\"", "[", "]", "(", ")", ",", ";", "@", "@@",
            "--", "/*", "*/", "\n", "GO", "\nGO\n", "GO 99999999", "EXEC", "EXECUTE ", "sp_execute_external_script",
            " @script = ", " OUTPUT", "WITH RESULT SETS ((", "DECLARE @", "SET @", "SELECT @a = ", "BEGIN", "END",
            "CREATE PROCEDURE p ", " AS ", "=", "+", "0x", "0x1g", "TOP", "TOP (", "PERCENT", "IDENTITY(", "#t",
            "varchar(max)", "decimal(99,-1)", "float(0)", "CAST(", " AS ", "CONVERT(", "''''", "N''", "\\", "\0",
            "é", "😀", "999999999999999999999", "-", ".", "dbo.", "[dbo].[x]", "INSERT INTO t EXEC ", "CREATE LOGIN ",
            "WITH PASSWORD = ", "ALTER EXTERNAL RESOURCE POOL p WITH (", "MAX_PROCESSES = ", "AFFINITY CPU = (",
            " TO ", "GRANT ", "DENY ", "ALTER ROLE r ADD MEMBER ", "RECONFIGURE", "sp_configure");

    /** Translates a whole script the way the batch runner would, without running it. */
    static void translate(String text) {
        for (BatchScript.Batch batch : BatchScript.of(text).batches()) {
            for (BatchStatement s : batch.statements()) {
                if (s instanceof BatchStatement.Sql || s instanceof BatchStatement.Exec) {
                    TsqlTranslator.translate(s.source().text());
                }
                if (s instanceof BatchStatement.Sql) {
                    SqlRewriter.rewrite(s.source().script(), s.source().tokens(), v -> SqlType.INTEGER);
                }
                if (s instanceof BatchStatement.Exec e && e.procedure().equalsIgnoreCase("SP_EXECUTE_EXTERNAL_SCRIPT")) {
                    ExternalScriptCall.translate(e.source().script(), new TokenCursor(e.arguments()), VARIABLES);
                }
            }
        }
    }

    private static final ExternalScriptCall.Variables VARIABLES = new ExternalScriptCall.Variables() {
        @Override
        public Object value(Token variable) {
            return "value of " + variable.text();
        }

        @Override
        public String literal(Token variable, SqlType type) {
            return "1";
        }
    };

    @Test
    void randomAndMutatedScriptsAreTranslatedOrRefusedWithAClearError() throws Exception {
        for (String seed : SEEDS) {
            try {
                translate(seed);
            } catch (SqlSyntaxException expected) {
                // the last seed ends in refused constructs (IF, WHILE)
            }
        }
        try (Fuzzer<String> fuzz = new Fuzzer<>(TsqlFuzzTest::translate, e -> e instanceof SqlSyntaxException,
                s -> 16L * 1024 * 1024 + 2048L * s.length())) {
            for (int i = 0; i < INPUTS; i++) {
                String input = i % 10 == 0 ? random(fuzz) : mutate(fuzz, fuzz.pick(SEEDS));
                fuzz.feed(input, s -> s.length() > 2000 ? s.substring(0, 2000) + "..." : s);
            }
            System.out.println("[fuzz] T-SQL front end: " + fuzz.summary());
            assertTrue(fuzz.rejected > 0 && fuzz.rejected < INPUTS, fuzz.summary());
        }
    }

    private static String random(Fuzzer<?> fuzz) {
        StringBuilder b = new StringBuilder();
        int n = fuzz.random.nextInt(40);
        for (int i = 0; i < n; i++) {
            b.append(fuzz.random.nextInt(3) == 0 ? String.valueOf((char) (32 + fuzz.random.nextInt(95)))
                    : fuzz.pick(FRAGMENTS));
        }
        return b.toString();
    }

    private static String mutate(Fuzzer<?> fuzz, String seed) {
        StringBuilder b = new StringBuilder(seed);
        int n = 1 + fuzz.random.nextInt(5);
        for (int k = 0; k < n && b.length() > 0; k++) {
            int at = fuzz.random.nextInt(b.length());
            switch (fuzz.random.nextInt(5)) {
                case 0 -> b.insert(at, fuzz.pick(FRAGMENTS));
                case 1 -> b.delete(at, Math.min(b.length(), at + 1 + fuzz.random.nextInt(20)));
                case 2 -> b.setLength(at); // cut short
                case 3 -> b.setCharAt(at, (char) (32 + fuzz.random.nextInt(95)));
                default -> {
                    int end = Math.min(b.length(), at + 1 + fuzz.random.nextInt(60));
                    b.insert(fuzz.random.nextInt(b.length()), b.substring(at, end)); // a piece repeated elsewhere
                }
            }
        }
        return b.toString();
    }
}
