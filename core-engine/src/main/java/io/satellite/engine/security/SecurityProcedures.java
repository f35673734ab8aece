package io.satellite.engine.security;

import io.satellite.engine.script.ScriptErrors;
import io.satellite.engine.security.AuditEvent.Actions;
import io.satellite.engine.security.AuditEvent.Outcome;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Derby entry points of the SQLML security procedures: users, roles, role members and the
 * EXECUTE ANY EXTERNAL SCRIPT permission. They are definer-rights routines (they run with
 * the database owner's rights), open to PUBLIC, and check here that the caller is an
 * administrator (a user may change their own password). Names are checked as identifiers
 * and always quoted, so no argument can carry SQL. Every change and every refusal is audited;
 * passwords never are.
 */
public final class SecurityProcedures {
    static final String INVALID = "38S07";
    private static final int MIN_PASSWORD = 8;

    private SecurityProcedures() {
    }

    public static void createUser(String name, String password) throws SQLException {
        change(Actions.CREATE_USER, name, "create users", (c, user) -> {
            checkPassword(password);
            if (Principals.userExists(c, user) || Principals.roleExists(c, user)) {
                throw invalid("a user or role named " + user + " already exists");
            }
            call(c, "CALL SYSCS_UTIL.SYSCS_CREATE_USER(?, ?)", Principals.quoted(user), password);
        });
    }

    public static void dropUser(String name) throws SQLException {
        change(Actions.DROP_USER, name, "drop users", (c, user) -> {
            requireUser(c, user);
            if (user.equals(Principals.databaseOwner(c)) || user.equals(Authorization.sessionUser())) {
                throw invalid("user " + user + " cannot be dropped: it is "
                        + (user.equals(Authorization.sessionUser()) ? "you" : "the database owner"));
            }
            for (String role : directRoles(c, user)) {
                execute(c, "REVOKE " + Principals.quoted(role) + " FROM " + Principals.quoted(user));
            }
            PermissionGrants.removeAll(c, user);
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM SQLML.EXTERNAL_POOL_CLASSIFIER WHERE PRINCIPAL = ?")) {
                ps.setString(1, user);
                ps.executeUpdate();
            }
            call(c, "CALL SYSCS_UTIL.SYSCS_DROP_USER(?)", Principals.quoted(user));
        });
    }

    /** {@code CREATE USER x FOR LOGIN x}: in Satellite the login is the user, so it must exist (admins only). */
    public static void requireUser(String name) throws SQLException {
        guard(() -> {
            Authorization.requireAdmin(nested(), Actions.CREATE_USER, name, "create users");
            String user = normalize(name);
            if (!Principals.userExists(nested(), user)) {
                throw invalid("there is no login named " + user + "; create it with CREATE LOGIN " + user
                        + " WITH PASSWORD = '...' (or CALL SQLML.CREATE_USER('" + user + "', '...'))");
            }
        });
    }

    /** An administrator sets anyone's password; a user sets their own. */
    public static void changePassword(String name, String password) throws SQLException {
        guard(() -> {
            Connection c = nested();
            String caller = Authorization.sessionUser();
            String user = name == null ? caller : normalize(name);
            if (!user.equals(caller)) {
                Authorization.requireAdmin(c, Actions.CHANGE_PASSWORD, user, "change another user's password");
            }
            audited(Actions.CHANGE_PASSWORD, user, null, caller, () -> {
                checkPassword(password);
                requireUser(c, user);
                call(c, "CALL SYSCS_UTIL.SYSCS_RESET_PASSWORD(?, ?)", Principals.quoted(user), password);
            });
        });
    }

    public static void createRole(String name) throws SQLException {
        change(Actions.CREATE_ROLE, name, "create roles", (c, role) -> {
            if (Principals.roleExists(c, role) || Principals.userExists(c, role)) {
                throw invalid("a user or role named " + role + " already exists");
            }
            if (SecurityRoles.isSqlServerName(role)) {
                throw invalid(role + " is SQL Server's name of Satellite's role " + SecurityRoles.fromSqlServer(role)
                        + "; choose another name");
            }
            execute(c, "CREATE ROLE " + Principals.quoted(role));
        });
    }

    public static void dropRole(String name) throws SQLException {
        change(Actions.DROP_ROLE, name, "drop roles", (c, role) -> {
            requireRole(c, role);
            if (SecurityRoles.ALL.contains(role)) {
                throw invalid("role " + role + " is one of Satellite's own roles and cannot be dropped");
            }
            PermissionGrants.removeAll(c, role);
            execute(c, "DROP ROLE " + Principals.quoted(role));
        });
    }

    public static void addRoleMember(String roleName, String memberName) throws SQLException {
        member(Actions.ADD_ROLE_MEMBER, roleName, memberName, "GRANT %s TO %s");
    }

    public static void dropRoleMember(String roleName, String memberName) throws SQLException {
        member(Actions.DROP_ROLE_MEMBER, roleName, memberName, "REVOKE %s FROM %s");
    }

    private static void member(String action, String roleName, String memberName, String sql) throws SQLException {
        guard(() -> memberChange(action, normalize(SecurityRoles.fromSqlServer(strip(roleName))),
                normalize(memberName), sql));
    }

    private static void memberChange(String action, String role, String member, String sql) throws SQLException {
        change(action, role, "member " + member, "change role membership", (c, ignored) -> {
            requireRole(c, role);
            if (!Principals.userExists(c, member) && !Principals.roleExists(c, member)) {
                throw invalid("there is no user or role named " + member);
            }
            boolean holds = directRoles(c, member).contains(role);
            if (holds == action.equals(Actions.ADD_ROLE_MEMBER)) {
                throw invalid(member + (holds ? " is already" : " is not") + " a member of role " + role);
            }
            execute(c, String.format(sql, Principals.quoted(role), Principals.quoted(member)));
        });
    }

    public static void grantPermission(String permission, String principal) throws SQLException {
        permission(Actions.GRANT, permission, principal, PermissionGrants.GRANT);
    }

    public static void denyPermission(String permission, String principal) throws SQLException {
        permission(Actions.DENY, permission, principal, PermissionGrants.DENY);
    }

    public static void revokePermission(String permission, String principal) throws SQLException {
        permission(Actions.REVOKE, permission, principal, null);
    }

    private static void permission(String action, String permission, String principalName, String state)
            throws SQLException {
        guard(() -> permissionChange(action, permission, normalize(principalName), state));
    }

    private static void permissionChange(String action, String permission, String principal, String state)
            throws SQLException {
        change(action, principal, permission, "grant, deny or revoke permissions", (c, ignored) -> {
            Capability capability = capability(permission);
            if (capability != Capability.EXECUTE_ANY_EXTERNAL_SCRIPT) {
                throw invalid(capability.sqlName() + " is not granted directly: "
                        + (capability.roles().isEmpty() ? "it belongs to administrators (role " + SecurityRoles.ADMIN + ")"
                        : "it comes with role " + String.join(" or ", capability.roles().stream().sorted().toList())
                        + " (ALTER ROLE <role> ADD MEMBER " + principal + ")"));
            }
            if (!principal.equals("PUBLIC") && !Principals.userExists(c, principal)
                    && !Principals.roleExists(c, principal)) {
                throw invalid("there is no user or role named " + principal);
            }
            if (state == null) {
                PermissionGrants.remove(c, capability.sqlName(), principal);
            } else {
                PermissionGrants.set(c, capability.sqlName(), principal, state, Authorization.sessionUser());
            }
        });
    }

    /** {@code SQLML.PERMISSION_DENIAL(name)}: null when the caller has the permission, else why not. */
    public static String permissionDenial(String permission) throws SQLException {
        try {
            Authorization.Decision d = Authorization.decide(nested(), Authorization.sessionUser(),
                    capability(permission));
            return d.allowed() ? null : d.reason();
        } catch (SQLException e) {
            throw ScriptErrors.forCaller(e);
        }
    }

    /** {@code SQLML.HAS_PERMISSION(name)}: 1 when the caller has the permission, else 0. */
    public static int hasPermission(String permission) throws SQLException {
        return permissionDenial(permission) == null ? 1 : 0;
    }

    /** {@code SQLML.IS_ADMIN()}: 1 for the database owner and members of SQLML_ADMIN. */
    public static int isAdmin() throws SQLException {
        return Principals.isAdmin(nested(), Authorization.sessionUser()) ? 1 : 0;
    }

    /** {@code SQLML.EXPORT_AUDIT(file)}: writes the whole audit log to a new CSV file. */
    public static void exportAudit(String file) throws SQLException {
        change(Actions.EXPORT_AUDIT, file, null, "export the audit log", (c, ignored) -> {
            if (file == null || file.isBlank()) {
                throw invalid("EXPORT_AUDIT needs the path of a new file");
            }
            call(c, "CALL SYSCS_UTIL.SYSCS_EXPORT_QUERY(?, ?, NULL, NULL, 'UTF-8')",
                    "SELECT * FROM SQLML.AUDIT_LOG ORDER BY AUDIT_ID", file);
        });
    }

    /** A change of a user or role only administrators may make, audited whatever its outcome. */
    private static void change(String action, String name, String doing, Change body) throws SQLException {
        guard(() -> {
            Connection c = nested();
            String admin = Authorization.requireAdmin(c, action, name, doing);
            String principal = normalize(name);
            audited(action, principal, null, admin, () -> body.apply(c, principal));
        });
    }

    /** A change of an object (already checked) with a detail for the audit log. */
    private static void change(String action, String object, String detail, String doing, Change body)
            throws SQLException {
        guard(() -> {
            Connection c = nested();
            String admin = Authorization.requireAdmin(c, action, object, doing);
            audited(action, object, detail, admin, () -> body.apply(c, object));
        });
    }

    private static void audited(String action, String object, String detail, String user, Body body)
            throws SQLException {
        try {
            body.run();
            AuditTrail.note(AuditEvent.of(user, action, object, Outcome.SUCCEEDED, detail));
        } catch (SQLException | RuntimeException e) {
            AuditTrail.note(AuditEvent.of(user, action, object, Outcome.FAILED,
                    detail == null ? e.getMessage() : detail + ": " + e.getMessage()));
            throw e;
        }
    }

    private static void guard(Body body) throws SQLException {
        try {
            body.run();
        } catch (IllegalArgumentException e) {
            throw ScriptErrors.forCaller(invalid(e.getMessage()));
        } catch (SQLException e) {
            throw ScriptErrors.forCaller(e);
        }
    }

    private static Capability capability(String permission) throws SQLException {
        try {
            return Capability.named(permission);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    private static String normalize(String name) {
        return Principals.normalize(name);
    }

    private static String strip(String name) {
        if (name != null && name.startsWith("[") && name.endsWith("]")) {
            return name.substring(1, name.length() - 1);
        }
        return name;
    }

    private static void checkPassword(String password) throws SQLException {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw invalid("a password must have at least " + MIN_PASSWORD + " characters");
        }
    }

    private static void requireUser(Connection c, String user) throws SQLException {
        if (!Principals.userExists(c, user)) {
            throw invalid("there is no user named " + user);
        }
    }

    private static void requireRole(Connection c, String role) throws SQLException {
        if (!Principals.roleExists(c, role)) {
            throw invalid("there is no role named " + role);
        }
    }

    private static List<String> directRoles(Connection c, String grantee) throws SQLException {
        List<String> roles = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT ROLEID FROM SYS.SYSROLES WHERE GRANTEE = ? AND ISDEF = 'N'")) {
            ps.setString(1, grantee);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    roles.add(rs.getString(1));
                }
            }
        }
        return roles;
    }

    private static void call(Connection c, String sql, String... args) throws SQLException {
        try (CallableStatement cs = c.prepareCall(sql)) {
            for (int i = 0; i < args.length; i++) {
                cs.setString(i + 1, args[i]);
            }
            cs.execute();
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static Connection nested() throws SQLException {
        return DriverManager.getConnection("jdbc:default:connection");
    }

    static SQLException invalid(String message) {
        return new SQLException(message, INVALID);
    }

    private interface Body {
        void run() throws SQLException;
    }

    private interface Change {
        void apply(Connection owner, String name) throws SQLException;
    }
}
