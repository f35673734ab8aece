package io.satellite.engine.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The rows of {@code SQLML.DATABASE_PERMISSIONS} (as sys.database_permissions): one state
 * per principal and permission, GRANT or DENY; REVOKE removes it. GRANT replaces a DENY and
 * DENY replaces a GRANT, as in SQL Server.
 */
final class PermissionGrants {
    static final String GRANT = "G";
    static final String DENY = "D";

    private PermissionGrants() {
    }

    static void set(Connection owner, String permission, String principal, String state, String grantor)
            throws SQLException {
        remove(owner, permission, principal);
        try (PreparedStatement ps = owner.prepareStatement("INSERT INTO SQLML.DATABASE_PERMISSIONS"
                + " (PRINCIPAL, PERMISSION_NAME, STATE, GRANTOR, CHANGED_AT) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
            ps.setString(1, principal);
            ps.setString(2, permission);
            ps.setString(3, state);
            ps.setString(4, grantor);
            ps.executeUpdate();
        }
    }

    /** Removes the principal's GRANT or DENY; returns whether there was one. */
    static boolean remove(Connection owner, String permission, String principal) throws SQLException {
        try (PreparedStatement ps = owner.prepareStatement(
                "DELETE FROM SQLML.DATABASE_PERMISSIONS WHERE PRINCIPAL = ? AND PERMISSION_NAME = ?")) {
            ps.setString(1, principal);
            ps.setString(2, permission);
            return ps.executeUpdate() > 0;
        }
    }

    static void removeAll(Connection owner, String principal) throws SQLException {
        try (PreparedStatement ps = owner.prepareStatement(
                "DELETE FROM SQLML.DATABASE_PERMISSIONS WHERE PRINCIPAL = ?")) {
            ps.setString(1, principal);
            ps.executeUpdate();
        }
    }
}
