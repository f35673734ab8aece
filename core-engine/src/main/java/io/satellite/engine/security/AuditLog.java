package io.satellite.engine.security;

import java.sql.SQLException;

/** The triggers of {@code SQLML.AUDIT_LOG}: rows are appended, never changed or deleted. */
public final class AuditLog {
    private AuditLog() {
    }

    public static void refuseChange() throws SQLException {
        throw new SQLException("SQLML.AUDIT_LOG is append-only: its rows cannot be updated or deleted;"
                + " export it with CALL SQLML.EXPORT_AUDIT('/path/to/new-file.csv')", Authorization.DENIED);
    }
}
