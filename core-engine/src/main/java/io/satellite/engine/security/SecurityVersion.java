package io.satellite.engine.security;

import io.satellite.engine.catalog.Migration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A number that changes with every change to what decides a script caller's permission and
 * resource pool: the EXECUTE ANY EXTERNAL SCRIPT grants and denials, the pool classifier and
 * the pools themselves. Triggers on those tables set it, in the transaction of the change, to
 * the next value of a sequence: a change rolled back never brings an old number back, and a
 * number read under READ COMMITTED belongs to committed state (a reader waits for a change in
 * flight). Whatever is kept per number is right as long as the number has not moved.
 *
 * <p>Role memberships (Derby's SYS.SYSROLES, which takes no triggers) are not counted here:
 * whoever keeps decisions reads the caller's roles again for each call.
 */
public final class SecurityVersion {
    private static final String[] WATCHED = {"SQLML.DATABASE_PERMISSIONS", "SQLML.EXTERNAL_POOL_CLASSIFIER",
        "SQLML.EXTERNAL_RESOURCE_POOLS"};

    private SecurityVersion() {
    }

    /** Catalog migration 12: the number, its sequence, and the triggers that move it. */
    public static Migration migration() {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE SEQUENCE SQLML.SECURITY_CHANGES AS BIGINT START WITH 1");
        sql.add("CREATE TABLE SQLML.SECURITY_VERSION (VERSION BIGINT NOT NULL)");
        sql.add("INSERT INTO SQLML.SECURITY_VERSION VALUES (0)");
        sql.add("GRANT SELECT ON SQLML.SECURITY_VERSION TO PUBLIC");
        int n = 0;
        for (String table : WATCHED) {
            for (String event : List.of("INSERT", "UPDATE", "DELETE")) {
                sql.add("CREATE TRIGGER SQLML.SECURITY_CHANGE_" + (++n) + " AFTER " + event + " ON " + table
                        + " FOR EACH STATEMENT UPDATE SQLML.SECURITY_VERSION"
                        + " SET VERSION = NEXT VALUE FOR SQLML.SECURITY_CHANGES");
            }
        }
        return new Migration(12, "security version: moves with every permission, classifier and pool change", sql);
    }

    /** Read when the number's row is missing (someone deleted it): nothing may be kept then. */
    public static final long UNKNOWN = -1;

    /** The current number, read on any connection (every user may read it); {@link #UNKNOWN} without its row. */
    public static long read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT VERSION FROM SQLML.SECURITY_VERSION");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : UNKNOWN;
        }
    }
}
