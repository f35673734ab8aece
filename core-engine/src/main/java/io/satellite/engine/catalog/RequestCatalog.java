package io.satellite.engine.catalog;

import java.util.List;

/**
 * The catalog of external script requests: the history of finished ones, the DMVs
 * (dynamic management views) over active requests and execution statistics, and KILL.
 * Non-administrators see only their own requests, as without VIEW SERVER STATE.
 */
public final class RequestCatalog {
    private static final String PROCS = "io.satellite.engine.script.RequestProcedures.";
    /** Rows a user may see: their own, or all for the administrator. */
    private static final String OWN_ROWS = "(USER_NAME = CURRENT_USER OR CURRENT_USER = 'ADMIN')";

    static final Migration MIGRATION = new Migration(3, "external script requests: history, DMVs, KILL", List.of(
            "CREATE TABLE SQLML.EXTERNAL_SCRIPT_HISTORY (REQUEST_ID BIGINT NOT NULL PRIMARY KEY,"
                    + " USER_NAME VARCHAR(128) NOT NULL, LANGUAGE VARCHAR(128) NOT NULL,"
                    + " POOL_NAME VARCHAR(128) NOT NULL, STATUS VARCHAR(16) NOT NULL,"
                    + " QUEUED_AT TIMESTAMP NOT NULL, STARTED_AT TIMESTAMP, ENDED_AT TIMESTAMP NOT NULL,"
                    + " ELAPSED_MS BIGINT NOT NULL, ROWS_IN BIGINT NOT NULL, ROWS_OUT BIGINT NOT NULL,"
                    + " BYTES_IN BIGINT NOT NULL, BYTES_OUT BIGINT NOT NULL, PEAK_RSS_BYTES BIGINT NOT NULL,"
                    + " CPU_MS BIGINT NOT NULL, ERROR_TEXT VARCHAR(4000), SCRIPT VARCHAR(32672),"
                    + " INPUT_QUERY VARCHAR(32672))",
            "CREATE INDEX SQLML.EXTERNAL_SCRIPT_HISTORY_ENDED ON SQLML.EXTERNAL_SCRIPT_HISTORY (ENDED_AT)",
            "CREATE VIEW SQLML.EXTERNAL_SCRIPT_HISTORY_V AS SELECT * FROM SQLML.EXTERNAL_SCRIPT_HISTORY WHERE "
                    + OWN_ROWS,
            "GRANT SELECT ON SQLML.EXTERNAL_SCRIPT_HISTORY_V TO PUBLIC",
            statisticsView(OWN_ROWS, false),
            "GRANT SELECT ON SQLML.DM_EXTERNAL_SCRIPT_EXECUTION_STATS TO PUBLIC",
            "CREATE FUNCTION SQLML.DM_EXTERNAL_SCRIPT_REQUESTS() RETURNS TABLE (REQUEST_ID BIGINT,"
                    + " USER_NAME VARCHAR(128), LANGUAGE VARCHAR(128), POOL_NAME VARCHAR(128), STATE VARCHAR(16),"
                    + " PID BIGINT, QUEUED_AT TIMESTAMP, STARTED_AT TIMESTAMP, ELAPSED_MS BIGINT, ROWS_IN BIGINT,"
                    + " ROWS_OUT BIGINT, BYTES_IN BIGINT, BYTES_OUT BIGINT)"
                    + " LANGUAGE JAVA PARAMETER STYLE DERBY_JDBC_RESULT_SET READS SQL DATA"
                    + " EXTERNAL NAME '" + PROCS + "activeRequests'",
            "GRANT EXECUTE ON FUNCTION SQLML.DM_EXTERNAL_SCRIPT_REQUESTS TO PUBLIC",
            "CREATE FUNCTION SQLML.DM_EXTERNAL_RESOURCE_POOLS() RETURNS TABLE (NAME VARCHAR(128),"
                    + " MAX_CPU_PERCENT BIGINT, MAX_MEMORY_PERCENT BIGINT, MAX_PROCESSES BIGINT, ACTIVE BIGINT,"
                    + " QUEUED BIGINT, PEAK_ACTIVE BIGINT, CPU_MS BIGINT, PEAK_MEMORY_BYTES BIGINT)"
                    + " LANGUAGE JAVA PARAMETER STYLE DERBY_JDBC_RESULT_SET READS SQL DATA"
                    + " EXTERNAL NAME '" + PROCS + "resourcePools'",
            "GRANT EXECUTE ON FUNCTION SQLML.DM_EXTERNAL_RESOURCE_POOLS TO PUBLIC",
            "CREATE FUNCTION SQLML.DM_EXTERNAL_SANDBOX() RETURNS TABLE (FEATURE VARCHAR(128),"
                    + " ENFORCED VARCHAR(3), DETAIL VARCHAR(1000))"
                    + " LANGUAGE JAVA PARAMETER STYLE DERBY_JDBC_RESULT_SET READS SQL DATA"
                    + " EXTERNAL NAME '" + PROCS + "sandbox'",
            "GRANT EXECUTE ON FUNCTION SQLML.DM_EXTERNAL_SANDBOX TO PUBLIC",
            "CREATE PROCEDURE SQLML.KILL_EXTERNAL_SCRIPT(IN REQUEST_ID BIGINT) LANGUAGE JAVA"
                    + " PARAMETER STYLE JAVA READS SQL DATA EXTERNAL NAME '" + PROCS + "kill'",
            "GRANT EXECUTE ON PROCEDURE SQLML.KILL_EXTERNAL_SCRIPT TO PUBLIC"));

    /**
     * Catalog migration 5: parallel and partitioned runs. The procedure with SQL Server's
     * {@code @parallel}, {@code @input_data_1_partition_by_columns} and
     * {@code @input_data_1_order_by_columns}; the number of workers each request used; the
     * count of parallel executions in the statistics.
     */
    static final Migration PARALLEL = new Migration(5, "parallel and partitioned runs", List.of(
            "CREATE PROCEDURE SQLML.SP_EXECUTE_EXTERNAL_SCRIPT_EX(IN LANGUAGE VARCHAR(128),"
                    + " IN SCRIPT VARCHAR(32672), IN INPUT_DATA_1 VARCHAR(32672),"
                    + " IN INPUT_DATA_1_NAME VARCHAR(128), IN OUTPUT_DATA_1_NAME VARCHAR(128),"
                    + " IN PARAMS VARCHAR(32672), IN RESULT_SETS VARCHAR(32672), IN PARALLEL INT,"
                    + " IN INPUT_DATA_1_PARTITION_BY_COLUMNS VARCHAR(4000),"
                    + " IN INPUT_DATA_1_ORDER_BY_COLUMNS VARCHAR(4000))"
                    + " LANGUAGE JAVA PARAMETER STYLE JAVA MODIFIES SQL DATA DYNAMIC RESULT SETS 2"
                    + " EXTERNAL NAME 'io.satellite.engine.script.ExternalScriptProcedures.executeEx'",
            "GRANT EXECUTE ON PROCEDURE SQLML.SP_EXECUTE_EXTERNAL_SCRIPT_EX TO PUBLIC",
            "ALTER TABLE SQLML.EXTERNAL_SCRIPT_HISTORY ADD COLUMN WORKERS INT NOT NULL DEFAULT 1",
            "DROP VIEW SQLML.DM_EXTERNAL_SCRIPT_EXECUTION_STATS",
            statisticsView("(USER_NAME = SESSION_USER OR SQLML.IS_ADMIN() = 1)", true),
            "GRANT SELECT ON SQLML.DM_EXTERNAL_SCRIPT_EXECUTION_STATS TO PUBLIC",
            "DROP VIEW SQLML.EXTERNAL_SCRIPT_HISTORY_V",
            "CREATE VIEW SQLML.EXTERNAL_SCRIPT_HISTORY_V AS SELECT * FROM SQLML.EXTERNAL_SCRIPT_HISTORY WHERE"
                    + " (USER_NAME = SESSION_USER OR SQLML.IS_ADMIN() = 1)",
            "GRANT SELECT ON SQLML.EXTERNAL_SCRIPT_HISTORY_V TO PUBLIC"));

    private RequestCatalog() {
    }

    /** The execution statistics per language, over the history rows {@code rows} lets a user see. */
    public static String statisticsView(String rows, boolean parallel) {
        return "CREATE VIEW SQLML.DM_EXTERNAL_SCRIPT_EXECUTION_STATS (LANGUAGE, EXECUTIONS, SUCCEEDED, FAILED,"
                + " CANCELLED, TOTAL_ELAPSED_MS, TOTAL_CPU_MS, ROWS_IN, ROWS_OUT" + (parallel ? ", PARALLEL" : "")
                + ") AS SELECT LANGUAGE, COUNT(*),"
                + " SUM(CASE WHEN STATUS = 'SUCCEEDED' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN STATUS = 'FAILED' THEN 1 ELSE 0 END),"
                + " SUM(CASE WHEN STATUS = 'CANCELLED' THEN 1 ELSE 0 END),"
                + " SUM(ELAPSED_MS), SUM(CPU_MS), SUM(ROWS_IN), SUM(ROWS_OUT)"
                + (parallel ? ", SUM(CASE WHEN WORKERS > 1 THEN 1 ELSE 0 END)" : "")
                + " FROM SQLML.EXTERNAL_SCRIPT_HISTORY WHERE " + rows + " GROUP BY LANGUAGE";
    }
}
