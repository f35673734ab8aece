package io.satellite.app.console.security;

/**
 * One row of {@code SQLML.EFFECTIVE_PERMISSIONS()}: whether a login has a permission at its
 * next call, the principal it comes through (the login, a role, PUBLIC, the database owner;
 * null when nothing grants or denies it) and the engine's own explanation.
 */
public record EffectivePermission(String permission, boolean allowed, String via, String reason) {
    /** The permission's name as a column heading says it: EXECUTE ANY EXTERNAL SCRIPT -> run scripts. */
    public String shortName() {
        return switch (permission) {
            case "EXECUTE ANY EXTERNAL SCRIPT" -> "run scripts";
            case "USE PACKAGES" -> "use packages";
            case "INSTALL PRIVATE PACKAGES" -> "install private";
            case "INSTALL SHARED PACKAGES" -> "install shared";
            case "VIEW SERVER STATE" -> "see all jobs";
            case "ALTER SETTINGS" -> "administer";
            default -> permission.toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** "run scripts ✓ via ANALYSTS", "run scripts ✗ denied to ALICE", "install shared ✗". */
    public String summary() {
        if (allowed) {
            return shortName() + " ✓" + (via == null ? "" : " via " + via);
        }
        return shortName() + " ✗" + (via == null ? "" : " denied via " + via);
    }
}
