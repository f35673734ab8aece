package io.satellite.engine.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The R flow of SQL Server's "predict ski rentals" tutorial, written as the docs write it and
 * run unchanged (apart from lm instead of rpart): train in a stored procedure, return the model
 * as varbinary(max) OUTPUT, store it in a table, load it into a variable and score new rows,
 * INSERT ... EXEC into a predictions table, and the scoring procedure called from JDBC.
 * The data is exact (RentalCount = 100 + 10 * Month + 50 * Holiday), so every prediction is known.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RentalTutorialTest {
    @TempDir
    static Path dir;
    static Engine engine;
    static Connection conn;

    @BeforeAll
    static void start() throws Exception {
        engine = TestEngines.startEnabled(dir.resolve("data"));
        conn = engine.connectAsAdmin();
        StringBuilder rows = new StringBuilder();
        for (int year = 2013; year <= 2015; year++) {
            for (int month = 1; month <= 12; month++) {
                int holiday = (month + year) % 3 == 0 ? 1 : 0;
                rows.append(rows.length() == 0 ? "" : ",\n    ").append("(").append(year).append(", ").append(month)
                        .append(", ").append(month).append(", ").append(100 + 10 * month + 50 * holiday)
                        .append(", ").append(holiday).append(")");
            }
        }
        run("""
                USE TutorialDB;
                GO
                DROP TABLE IF EXISTS dbo.rental_data;
                CREATE TABLE dbo.rental_data ([Year] INT, [Month] INT, [Day] INT, RentalCount FLOAT, Holiday INT);
                INSERT INTO dbo.rental_data VALUES
                    %s;
                GO
                """.formatted(rows));
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
    @Order(1)
    void trainAndSaveTheModel() throws Exception {
        BatchOutput out = run("""
                -- Setup model table
                DROP TABLE IF EXISTS rental_rx_models;
                GO
                CREATE TABLE rental_rx_models (
                    model_name VARCHAR(30) NOT NULL DEFAULT('default model') PRIMARY KEY,
                    model VARBINARY(MAX) NOT NULL
                );
                GO

                -- Stored procedure that trains and generates an R model using the rental_data
                DROP PROCEDURE IF EXISTS generate_rental_rx_model;
                GO
                CREATE PROCEDURE generate_rental_rx_model (@trained_model VARBINARY(max) OUTPUT)
                AS
                BEGIN
                    EXECUTE sp_execute_external_script
                      @language = N'R'
                    , @script = N'
                rental_train_data$Holiday <- factor(rental_train_data$Holiday);
                model_linear <- lm(RentalCount ~ Month + Holiday, data = rental_train_data)
                trained_model <- as.raw(serialize(model_linear, connection=NULL));
                print(paste("trained on", nrow(rental_train_data), "rows"))'
                    , @input_data_1 = N'SELECT RentalCount, Month, Holiday FROM dbo.rental_data WHERE Year < 2015'
                    , @input_data_1_name = N'rental_train_data'
                    , @params = N'@trained_model varbinary(max) OUTPUT'
                    , @trained_model = @trained_model OUTPUT;
                END;
                GO

                --Save model to table
                TRUNCATE TABLE rental_rx_models;

                DECLARE @model VARBINARY(MAX);
                EXEC generate_rental_rx_model @model OUTPUT;

                INSERT INTO rental_rx_models (model_name, model) VALUES('linear_model', @model);
                PRINT 'model size: ' + CAST(DATALENGTH(@model) AS VARCHAR(20));
                SELECT model_name FROM rental_rx_models;
                """);
        assertTrue(out.messages.stream().anyMatch(m -> m.contains("trained on 24 rows")), out.messages.toString());
        assertEquals(List.of(List.of("linear_model")), out.table(0).rows());
        long size = Long.parseLong(out.printed.get(0).replace("model size: ", ""));
        assertTrue(size > 4000, "a real lm model, passed back through the session's value table: " + size);
    }

    @Test
    @Order(2)
    void loadTheModelIntoAVariableAndScore() throws Exception {
        BatchOutput out = run("""
                DECLARE @rx_model VARBINARY(MAX) = (SELECT model FROM rental_rx_models WHERE model_name = 'linear_model');

                EXECUTE sp_execute_external_script
                    @language = N'R'
                  , @script = N'
                rental_model <- unserialize(rx_model);
                rental_score_data$Holiday <- factor(rental_score_data$Holiday, levels = c(0, 1));
                OutputDataSet <- data.frame(Month = rental_score_data$Month,
                                            Predicted = round(predict(rental_model, rental_score_data), 6))'
                  , @input_data_1 = N'SELECT [Month], Holiday FROM [dbo].[rental_data] WHERE [Year] = 2015 ORDER BY [Month]'
                  , @input_data_1_name = N'rental_score_data'
                  , @params = N'@rx_model varbinary(max)'
                  , @rx_model = @rx_model
                WITH RESULT SETS (("Month" INT, "RentalCount_Predicted" FLOAT));
                """);
        BatchOutput.Table t = out.table(0);
        assertEquals(12, t.rows().size());
        for (List<Object> r : t.rows()) {
            int month = (Integer) r.get(0);
            int holiday = (month + 2015) % 3 == 0 ? 1 : 0;
            assertEquals(100.0 + 10 * month + 50 * holiday, (Double) r.get(1), 1e-6, "month " + month);
        }
    }

    @Test
    @Order(3)
    void insertExecIntoAPredictionsTable() throws Exception {
        BatchOutput out = run("""
                DROP TABLE IF EXISTS [dbo].[rental_predictions];
                CREATE TABLE [dbo].[rental_predictions] ([RentalCount_Predicted] FLOAT, [Month] INT, model_name NVARCHAR(30));
                GO
                DECLARE @model_name NVARCHAR(30) = N'linear_model'
                DECLARE @model VARBINARY(MAX)
                SELECT @model = model FROM rental_rx_models WHERE model_name = @model_name

                INSERT INTO rental_predictions (RentalCount_Predicted, Month, model_name)
                EXEC sp_execute_external_script @language = N'R'
                  , @script = N'
                m <- unserialize(model)
                d$Holiday <- factor(d$Holiday, levels = c(0, 1))
                OutputDataSet <- data.frame(p = predict(m, d), month = d$Month, name = model_name)'
                  , @input_data_1 = N'SELECT Month, Holiday FROM rental_data WHERE Year = 2015'
                  , @input_data_1_name = N'd'
                  , @params = N'@model varbinary(max), @model_name nvarchar(30)'
                  , @model = @model
                  , @model_name = @model_name;

                SELECT COUNT(*) AS n, MIN(model_name) AS name, SUM(RentalCount_Predicted) AS total FROM rental_predictions;
                """);
        assertEquals(List.of(12L), out.counts);
        List<Object> row = out.table(0).rows().get(0);
        assertEquals(12, row.get(0));
        assertEquals("linear_model", row.get(1));
        double expected = 0;
        for (int month = 1; month <= 12; month++) {
            expected += 100 + 10 * month + 50 * ((month + 2015) % 3 == 0 ? 1 : 0);
        }
        assertEquals(expected, (Double) row.get(2), 1e-6);
    }

    @Test
    @Order(4)
    void aStoredProcedureWrapsTheScoringScriptAndTakesParameters() throws Exception {
        run("""
                DROP PROCEDURE IF EXISTS predict_rentalcount_new;
                GO
                CREATE PROCEDURE predict_rentalcount_new (@model_name VARCHAR(100), @year INT = 2015)
                AS
                BEGIN
                    DECLARE @rx_model VARBINARY(max) = (SELECT model FROM rental_rx_models WHERE model_name = @model_name);
                    DECLARE @months INT = (SELECT COUNT(*) FROM rental_data WHERE Year = @year);
                    PRINT 'scoring ' + CAST(@months AS VARCHAR(10)) + ' months with ' + @model_name;

                    EXEC sp_execute_external_script @language = N'R'
                        , @script = N'
                rental_model <- unserialize(rx_model);
                d <- data.frame(Month = 1:12, Holiday = factor(as.integer((1:12 + year) %% 3 == 0), levels = c(0, 1)))
                OutputDataSet <- data.frame(Month = d$Month, Predicted = predict(rental_model, d))'
                        , @params = N'@rx_model varbinary(max), @year int'
                        , @rx_model = @rx_model
                        , @year = @year
                    WITH RESULT SETS ((Month INT, RentalCount_Predicted FLOAT));
                END;
                GO
                """);
        BatchOutput named = run("EXEC dbo.predict_rentalcount_new @model_name = 'linear_model';");
        assertEquals(List.of("scoring 12 months with linear_model"), named.printed);
        assertEquals(12, named.table(0).rows().size());
        assertEquals(160.0, (Double) named.table(0).value(0, 1), 1e-6); // (1 + 2015) % 3 == 0: a holiday
        BatchOutput positional = run("EXECUTE predict_rentalcount_new 'linear_model', 2016");
        assertEquals(List.of("scoring 0 months with linear_model"), positional.printed);
        assertEquals(100.0 + 10 + 50 * ((1 + 2016) % 3 == 0 ? 1 : 0), (Double) positional.table(0).value(0, 1), 1e-6);

        try (CallableStatement cs = conn.prepareCall("CALL SQLML.EXECUTE_PROCEDURE(?, ?)")) {
            cs.setString(1, "dbo.predict_rentalcount_new");
            cs.setString(2, "@model_name = 'linear_model', @year = 2015");
            assertTrue(cs.execute());
            try (ResultSet rs = cs.getResultSet()) {
                BatchOutput.Table t = BatchOutput.read(rs);
                assertEquals(12, t.rows().size());
                assertEquals(List.of("Month", "RentalCount_Predicted"), t.names());
            }
        }

        StatementFailure missing = assertThrows(StatementFailure.class, () -> run("\n  EXEC predict_rentalcount_new"));
        assertTrue(missing.getMessage().contains("expects parameter @model_name"), missing.getMessage());
        assertEquals(2, missing.line());
        run("DROP PROCEDURE predict_rentalcount_new");
        assertInstanceOf(StatementFailure.class, assertThrows(StatementFailure.class,
                () -> run("EXEC predict_rentalcount_new 'linear_model'")));
    }

    @Test
    @Order(5)
    void summaryStatisticsByGroupWithResultSets() throws Exception {
        BatchOutput out = run("""
                EXECUTE sp_execute_external_script @language = N'R'
                    , @script = N'OutputDataSet <- aggregate(RentalCount ~ Holiday, data = InputDataSet, FUN = mean);
                                  print(nrow(InputDataSet))'
                    , @input_data_1 = N'SELECT Holiday, RentalCount FROM dbo.rental_data'
                WITH RESULT SETS ((Holiday INT, MeanRentalCount FLOAT));
                """);
        BatchOutput.Table t = out.table(0);
        assertEquals(List.of("HOLIDAY", "MEANRENTALCOUNT"), t.names().stream().map(String::toUpperCase).toList());
        assertEquals(2, t.rows().size());
        assertTrue(out.messages.stream().anyMatch(m -> m.contains("[1] 36")), out.messages.toString());
    }

    @Test
    @Order(6)
    void thePythonFlowWithPickle() throws Exception {
        BatchOutput out = run("""
                DROP TABLE IF EXISTS rental_py_models;
                GO
                CREATE TABLE rental_py_models (
                    model_name VARCHAR(30) NOT NULL DEFAULT('default model') PRIMARY KEY,
                    model VARBINARY(MAX) NOT NULL
                );
                GO
                DROP PROCEDURE IF EXISTS generate_rental_py_model;
                GO
                CREATE PROCEDURE generate_rental_py_model (@trained_model varbinary(max) OUTPUT)
                AS
                BEGIN
                    EXECUTE sp_execute_external_script
                      @language = N'Python'
                    , @script = N'
                import numpy as np
                import pickle
                df = rental_train_data
                X = np.column_stack([np.ones(len(df)), df["Month"].astype(float), df["Holiday"].astype(float)])
                coef = np.linalg.lstsq(X, df["RentalCount"].astype(float), rcond=None)[0]
                trained_model = pickle.dumps({"coef": coef, "padding": bytes(20000)})
                '
                    , @input_data_1 = N'SELECT RentalCount, Month, Holiday FROM dbo.rental_data WHERE Year < 2015'
                    , @input_data_1_name = N'rental_train_data'
                    , @params = N'@trained_model varbinary(max) OUTPUT'
                    , @trained_model = @trained_model OUTPUT;
                END;
                GO
                DECLARE @model VARBINARY(MAX);
                EXEC generate_rental_py_model @model OUTPUT;
                INSERT INTO rental_py_models (model_name, model) VALUES('linear_model', @model);
                GO
                DECLARE @py_model varbinary(max) = (select model from rental_py_models where model_name = 'linear_model');
                EXEC sp_execute_external_script
                    @language = N'Python'
                  , @script = N'
                import pickle
                import numpy as np
                import pandas as pd
                coef = pickle.loads(py_model)["coef"]
                df = rental_score_data
                pred = coef[0] + coef[1] * df["Month"].astype(float) + coef[2] * df["Holiday"].astype(float)
                OutputDataSet = pd.DataFrame({"Month": df["Month"], "Predicted": pred.round(6)})
                '
                  , @input_data_1 = N'SELECT Month, Holiday FROM rental_data WHERE Year = 2015 ORDER BY Month'
                  , @input_data_1_name = N'rental_score_data'
                  , @params = N'@py_model varbinary(max)'
                  , @py_model = @py_model
                WITH RESULT SETS (("Month" INT, "RentalCount_Predicted" FLOAT));
                """);
        BatchOutput.Table t = out.table(0);
        assertEquals(12, t.rows().size());
        for (List<Object> r : t.rows()) {
            int month = (Integer) r.get(0);
            int holiday = (month + 2015) % 3 == 0 ? 1 : 0;
            assertEquals(100.0 + 10 * month + 50 * holiday, (Double) r.get(1), 1e-6, "month " + month);
        }
    }
}
