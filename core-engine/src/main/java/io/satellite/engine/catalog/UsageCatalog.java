package io.satellite.engine.catalog;

import java.util.List;

/**
 * Catalog migration 6: measured resource use. The history gains the bytes a job's processes
 * read and wrote; {@code SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE()} shows the latest sample
 * of each running job (own jobs only, unless administrator), as posted by the monitor.
 */
final class UsageCatalog {
    private static final String PROCS = "io.satellite.engine.script.UsageProcedures.";

    static final Migration MIGRATION = new Migration(6, "measured resource use: history I/O, usage DMV", List.of(
            "DROP VIEW SQLML.EXTERNAL_SCRIPT_HISTORY_V",
            "ALTER TABLE SQLML.EXTERNAL_SCRIPT_HISTORY ADD COLUMN READ_BYTES BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE SQLML.EXTERNAL_SCRIPT_HISTORY ADD COLUMN WRITTEN_BYTES BIGINT NOT NULL DEFAULT 0",
            "CREATE VIEW SQLML.EXTERNAL_SCRIPT_HISTORY_V AS SELECT * FROM SQLML.EXTERNAL_SCRIPT_HISTORY WHERE "
                    + "(USER_NAME = SESSION_USER OR SQLML.IS_ADMIN() = 1)",
            "GRANT SELECT ON SQLML.EXTERNAL_SCRIPT_HISTORY_V TO PUBLIC",
            "CREATE FUNCTION SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE() RETURNS TABLE (REQUEST_ID BIGINT,"
                    + " USER_NAME VARCHAR(128), POOL_NAME VARCHAR(128), PID BIGINT, SAMPLED_AT TIMESTAMP,"
                    + " CPU_PERCENT DOUBLE, CPU_MS BIGINT, RESIDENT_BYTES BIGINT, PEAK_RESIDENT_BYTES BIGINT,"
                    + " VIRTUAL_BYTES BIGINT, READ_BYTES BIGINT, WRITTEN_BYTES BIGINT, PROCESSES INT,"
                    + " THREADS INT, OPEN_FILES BIGINT)"
                    + " LANGUAGE JAVA PARAMETER STYLE DERBY_JDBC_RESULT_SET READS SQL DATA"
                    + " EXTERNAL NAME '" + PROCS + "latestUsage'",
            "GRANT EXECUTE ON FUNCTION SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE TO PUBLIC"));

    private UsageCatalog() {
    }
}
