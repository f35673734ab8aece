package io.satellite.app.console.query;

import java.util.List;

/** Ready-made batches for the common jobs, as the SQL Server ML Services tutorials write them. */
public final class QueryTemplates {
    /** A template's menu name and its T-SQL. */
    public record Template(String name, String sql) {
    }

    public static final List<Template> ALL = List.of(
            new Template("Enable external scripts", """
                    EXEC sp_configure 'external scripts enabled', 1;
                    RECONFIGURE;
                    """),
            new Template("Run an R script over a table", """
                    -- InputDataSet holds the query's rows; OutputDataSet comes back as a result set
                    EXEC sp_execute_external_script
                        @language = N'R',
                        @script = N'OutputDataSet <- aggregate(value ~ grp, InputDataSet, mean)',
                        @input_data_1 = N'SELECT grp, value FROM my_table'
                    WITH RESULT SETS ((grp VARCHAR(50), mean_value FLOAT));
                    """),
            new Template("Run a Python script over a table", """
                    EXEC sp_execute_external_script
                        @language = N'Python',
                        @script = N'OutputDataSet = InputDataSet.groupby("grp", as_index=False).mean()',
                        @input_data_1 = N'SELECT grp, value FROM my_table'
                    WITH RESULT SETS ((grp VARCHAR(50), mean_value FLOAT));
                    """),
            new Template("Train and store a model", """
                    CREATE TABLE models (name VARCHAR(50) PRIMARY KEY, model VARBINARY(MAX));

                    DECLARE @model VARBINARY(MAX);
                    EXEC sp_execute_external_script
                        @language = N'R',
                        @script = N'fit <- lm(y ~ x, data = InputDataSet)
                                    trained_model <- serialize(fit, NULL)',
                        @input_data_1 = N'SELECT x, y FROM training_data',
                        @params = N'@trained_model VARBINARY(MAX) OUTPUT',
                        @trained_model = @model OUTPUT;
                    INSERT INTO models (name, model) VALUES ('linear', @model);
                    """),
            new Template("Score with a stored model", """
                    DECLARE @model VARBINARY(MAX) = (SELECT model FROM models WHERE name = 'linear');
                    EXEC sp_execute_external_script
                        @language = N'R',
                        @script = N'fit <- unserialize(model)
                                    OutputDataSet <- data.frame(x = InputDataSet$x,
                                                                predicted = predict(fit, InputDataSet))',
                        @input_data_1 = N'SELECT x FROM new_data',
                        @params = N'@model VARBINARY(MAX)',
                        @model = @model
                    WITH RESULT SETS ((x FLOAT, predicted FLOAT));
                    """),
            new Template("Watch running jobs (DMVs)", """
                    SELECT * FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_REQUESTS()) T;
                    SELECT * FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE()) T;
                    SELECT * FROM TABLE(SQLML.DM_EXTERNAL_RESOURCE_POOLS()) T;
                    """));

    private QueryTemplates() {
    }
}
