package io.satellite.engine.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Users and roles as Derby keeps them (NATIVE credentials in SYS.SYSUSERS, SQL roles in
 * SYS.SYSROLES), read on the caller's connection. Names follow Derby's rules: an unquoted
 * name is upper-cased ({@code bob} is {@code BOB}); a {@code "quoted"} one is kept as written.
 */
public final class Principals {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,127}");

    private Principals() {
    }

    /**
     * The authorization id a name denotes; rejects anything that is not a plain or a
     * double-quoted SQL identifier, so a name can never carry SQL.
     */
    public static String normalize(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a user or role name is required");
        }
        String n = name.strip();
        if (n.length() > 2 && n.startsWith("\"") && n.endsWith("\"")) {
            String inner = n.substring(1, n.length() - 1);
            if (inner.replace("\"\"", "").contains("\"") || inner.length() > 128) {
                throw new IllegalArgumentException("'" + name + "' is not a valid quoted identifier");
            }
            return inner.replace("\"\"", "\"");
        }
        if (!PLAIN.matcher(n).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a valid user or role name: use letters,"
                    + " digits and _ (starting with a letter), or a \"quoted\" name");
        }
        return n.toUpperCase(Locale.ROOT);
    }

    /**
     * The name to pass to a procedure so that it denotes {@code authorizationId} exactly: the id
     * itself when it reads as a plain name (CAROL), else the quoted form ("bob").
     */
    public static String asName(String authorizationId) {
        return PLAIN.matcher(authorizationId).matches() && authorizationId.equals(authorizationId.toUpperCase(Locale.ROOT))
                ? authorizationId : quoted(authorizationId);
    }

    /** The id as a delimited SQL identifier, safe to put in a statement. */
    public static String quoted(String authorizationId) {
        return '"' + authorizationId.replace("\"", "\"\"") + '"';
    }

    /** The database owner (the first-boot admin). */
    public static String databaseOwner(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT AUTHORIZATIONID FROM SYS.SYSSCHEMAS WHERE SCHEMANAME = 'SYS'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    public static boolean roleExists(Connection c, String role) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM SYS.SYSROLES WHERE ROLEID = ? AND ISDEF = 'Y'")) {
            ps.setString(1, role);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Whether a user exists; needs the database owner's rights (SYS.SYSUSERS). */
    public static boolean userExists(Connection owner, String user) throws SQLException {
        try (PreparedStatement ps = owner.prepareStatement("SELECT 1 FROM SYS.SYSUSERS WHERE USERNAME = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The roles a user holds: granted to the user or to PUBLIC, directly or through other roles. */
    public static Set<String> rolesOf(Connection c, String user) throws SQLException {
        Map<String, List<String>> grants = new HashMap<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT GRANTEE, ROLEID FROM SYS.SYSROLES WHERE ISDEF = 'N'")) {
            while (rs.next()) {
                grants.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        }
        Set<String> roles = new HashSet<>();
        Deque<String> grantees = new ArrayDeque<>(List.of(user, "PUBLIC"));
        while (!grantees.isEmpty()) {
            for (String role : grants.getOrDefault(grantees.pop(), List.of())) {
                if (roles.add(role)) {
                    grantees.push(role);
                }
            }
        }
        return roles;
    }

    /** The database owner, and every holder of SQLML_ADMIN, is an administrator. */
    public static boolean isAdmin(Connection c, String user) throws SQLException {
        return isAdmin(c, user, rolesOf(c, user));
    }

    /** The same, given the roles the user holds (as {@link #rolesOf} read them). */
    static boolean isAdmin(Connection c, String user, Set<String> roles) throws SQLException {
        return roles.contains(SecurityRoles.ADMIN) || user.equals(databaseOwner(c));
    }
}
