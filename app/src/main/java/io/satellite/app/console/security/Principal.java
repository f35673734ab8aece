package io.satellite.app.console.security;

import java.util.List;
import java.util.Set;

/**
 * A row of the permission grid: a login, a role or PUBLIC, with its own GRANT or DENY of
 * EXECUTE ANY EXTERNAL SCRIPT, the roles granted to it directly, and (for logins) what it may
 * effectively do.
 */
public record Principal(String name, Kind kind, String scripts, Set<String> roles, List<EffectivePermission> effective) {
    public enum Kind {
        LOGIN("login"), ROLE("role"), PUBLIC("public");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** The effective permission named, or null (roles and PUBLIC have none of their own). */
    public EffectivePermission effective(String permission) {
        return effective.stream().filter(e -> e.permission().equals(permission)).findFirst().orElse(null);
    }
}
