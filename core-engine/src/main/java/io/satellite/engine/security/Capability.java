package io.satellite.engine.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * What a principal may do, as {@code SQLML.HAS_PERMISSION(name)} answers it. Running
 * scripts is a grantable permission (GRANT / DENY / REVOKE EXECUTE ANY EXTERNAL SCRIPT);
 * package work follows the package roles, as in SQL Server; the rest is the administrator's.
 */
public enum Capability {
    EXECUTE_ANY_EXTERNAL_SCRIPT,
    /** rpkgs-users: load packages of the shared library. */
    USE_PACKAGES(SecurityRoles.PACKAGE_USERS, SecurityRoles.PACKAGE_PRIVATE, SecurityRoles.PACKAGE_SHARED),
    /** rpkgs-private: install into one's own private library. */
    INSTALL_PRIVATE_PACKAGES(SecurityRoles.PACKAGE_PRIVATE, SecurityRoles.PACKAGE_SHARED),
    /** rpkgs-shared: install into the shared library. */
    INSTALL_SHARED_PACKAGES(SecurityRoles.PACKAGE_SHARED),
    /** See every user's requests and history (VIEW SERVER STATE). */
    VIEW_SERVER_STATE,
    /** sp_configure, resource pools, users, roles and permissions (ALTER SETTINGS / CONTROL SERVER). */
    ALTER_SETTINGS;

    private final Set<String> roles;

    Capability(String... roles) {
        this.roles = Set.of(roles);
    }

    /** The roles that confer it (the administrator has every capability). */
    Set<String> roles() {
        return roles;
    }

    /** The name as written in SQL: 'EXECUTE ANY EXTERNAL SCRIPT', 'INSTALL SHARED PACKAGES', ... */
    public String sqlName() {
        return name().replace('_', ' ');
    }

    public static Capability named(String name) {
        String key = name == null ? "" : name.strip().replaceAll("\\s+", "_").toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.name().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not a permission; the permissions"
                        + " are " + String.join(", ", Arrays.stream(values()).map(Capability::sqlName).toList())));
    }
}
