package io.satellite.engine.security;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The roles Satellite defines, as SQL Server's: an administrator role (sysadmin / db_owner)
 * and the three package roles of ML Services (rpkgs-users, rpkgs-private, rpkgs-shared).
 */
public final class SecurityRoles {
    /** Configuration, resource pools, shared packages, users and roles, server-wide views. */
    public static final String ADMIN = "SQLML_ADMIN";
    /** May use the packages installed in the shared library. */
    public static final String PACKAGE_USERS = "RPKGS_USERS";
    /** May install packages into one's own private library (and use shared ones). */
    public static final String PACKAGE_PRIVATE = "RPKGS_PRIVATE";
    /** May install packages into the shared library (and a private one). */
    public static final String PACKAGE_SHARED = "RPKGS_SHARED";

    public static final List<String> ALL = List.of(ADMIN, PACKAGE_USERS, PACKAGE_PRIVATE, PACKAGE_SHARED);

    /** SQL Server's names for the same roles, as T-SQL scripts write them. */
    private static final Map<String, String> SQL_SERVER_NAMES = Map.of(
            "SYSADMIN", ADMIN, "DB_OWNER", ADMIN,
            "RPKGS-USERS", PACKAGE_USERS, "RPKGS-PRIVATE", PACKAGE_PRIVATE, "RPKGS-SHARED", PACKAGE_SHARED);

    private SecurityRoles() {
    }

    /** Satellite's role for a SQL Server role name (sysadmin, [rpkgs-users], ...), or the name itself. */
    public static String fromSqlServer(String name) {
        return name == null ? null : SQL_SERVER_NAMES.getOrDefault(name.toUpperCase(Locale.ROOT), name);
    }

    /** Whether a name stands for one of Satellite's roles in SQL Server's spelling (sysadmin, rpkgs-users). */
    public static boolean isSqlServerName(String name) {
        return name != null && SQL_SERVER_NAMES.containsKey(name.toUpperCase(Locale.ROOT));
    }
}
