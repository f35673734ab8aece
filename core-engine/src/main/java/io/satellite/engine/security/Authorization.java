package io.satellite.engine.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.derby.iapi.sql.conn.ConnectionUtil;

/**
 * Decides what a user may do. EXECUTE ANY EXTERNAL SCRIPT follows SQL Server: a DENY to
 * the user, to any role the user holds or to PUBLIC wins over any GRANT; without a GRANT
 * the answer is no; administrators (the database owner and SQLML_ADMIN) may do everything.
 * Reads {@code SQLML.DATABASE_PERMISSIONS}, so it runs with the owner's rights (a
 * definer-rights routine or the engine's own connection).
 */
public final class Authorization {
    /** SQLState of a refused action (class 38: passed to the caller as is). */
    public static final String DENIED = "38S11";

    /**
     * The answer, with the reason a DBA can act on, and the principal it comes through (the
     * user, a role, PUBLIC, or "database owner"; null when nothing grants or denies it).
     */
    public record Decision(boolean allowed, String reason, String via) {
    }

    private Authorization() {
    }

    /** The caller's authorization id (the session user, also inside definer-rights routines). */
    public static String sessionUser() throws SQLException {
        return ConnectionUtil.getCurrentLCC().getSessionUserId();
    }

    public static Decision decide(Connection owner, String user, Capability capability) throws SQLException {
        Set<String> roles = Principals.rolesOf(owner, user);
        if (Principals.isAdmin(owner, user, roles)) {
            return roles.contains(SecurityRoles.ADMIN)
                    ? new Decision(true, user + " is an administrator (role " + SecurityRoles.ADMIN + ")", SecurityRoles.ADMIN)
                    : new Decision(true, user + " owns the database", "database owner");
        }
        if (capability == Capability.EXECUTE_ANY_EXTERNAL_SCRIPT) {
            return scripts(owner, user, roles);
        }
        for (String role : capability.roles()) {
            if (roles.contains(role)) {
                return new Decision(true, user + " holds role " + role, role);
            }
        }
        String how = capability.roles().isEmpty() ? "only administrators (" + SecurityRoles.ADMIN + ") have it"
                : "it comes with role " + String.join(" or ", capability.roles().stream().sorted().toList());
        return new Decision(false, "user " + user + " does not have permission " + capability.sqlName() + ": " + how,
                null);
    }

    private static Decision scripts(Connection owner, String user, Set<String> roles) throws SQLException {
        List<String> principals = new ArrayList<>(roles);
        principals.add(user);
        principals.add("PUBLIC");
        List<String> granted = new ArrayList<>();
        List<String> denied = new ArrayList<>();
        try (PreparedStatement ps = owner.prepareStatement("SELECT PRINCIPAL, STATE FROM SQLML.DATABASE_PERMISSIONS"
                + " WHERE PERMISSION_NAME = ?")) {
            ps.setString(1, Capability.EXECUTE_ANY_EXTERNAL_SCRIPT.sqlName());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (principals.contains(rs.getString(1))) {
                        (PermissionGrants.DENY.equals(rs.getString(2)) ? denied : granted).add(rs.getString(1));
                    }
                }
            }
        }
        String permission = Capability.EXECUTE_ANY_EXTERNAL_SCRIPT.sqlName();
        if (!denied.isEmpty()) {
            return new Decision(false, "The " + permission + " permission was denied to user " + user
                    + (denied.contains(user) ? "" : " through " + describe(denied.get(0)))
                    + "; DENY wins over GRANT. An administrator lifts it with REVOKE " + permission + " FROM "
                    + denied.get(0), denied.contains(user) ? user : denied.get(0));
        }
        if (!granted.isEmpty()) {
            String via = granted.contains(user) ? user : granted.get(0);
            return new Decision(true, via.equals(user) ? "granted to user " + user : "granted through " + describe(via),
                    via);
        }
        return new Decision(false, "User " + user + " does not have the " + permission + " permission. An"
                + " administrator grants it with GRANT " + permission + " TO " + user
                + " (or to a role the user holds)", null);
    }

    private static String describe(String principal) {
        return principal.equals("PUBLIC") ? "PUBLIC" : "role " + principal;
    }

    /** Refuses (SQLState 38S11) unless the caller is an administrator; audits refusals. */
    public static String requireAdmin(Connection owner, String action, String objectName, String doing)
            throws SQLException {
        String user = sessionUser();
        if (!Principals.isAdmin(owner, user)) {
            AuditTrail.note(AuditEvent.of(user, action, objectName, AuditEvent.Outcome.DENIED, "not an administrator"));
            throw new SQLException("User " + user + " may not " + doing + ": only administrators (the database owner and members of " + SecurityRoles.ADMIN
                    + ") may", DENIED);
        }
        return user;
    }
}
