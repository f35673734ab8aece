package io.satellite.packagemgr;

/**
 * A package operation that cannot be done, with the SQLState the procedures report it under
 * and a message that names the package and the reason.
 */
public final class PackageException extends RuntimeException {
    /** The request itself is malformed (unknown scope, bad name, unreadable tarball). */
    public static final String INVALID = "38S20";
    /** Dependencies cannot be met: a missing package or conflicting versions. */
    public static final String UNRESOLVED = "38S21";
    /** {@code R CMD INSTALL} failed; nothing changed. */
    public static final String INSTALL_FAILED = "38S22";
    /** Removing would break packages that depend on it. */
    public static final String IN_USE = "38S23";
    /** The caller lacks the package role. */
    public static final String DENIED = io.satellite.engine.security.Authorization.DENIED;

    private final String sqlState;

    public PackageException(String sqlState, String message) {
        super(message);
        this.sqlState = sqlState;
    }

    public PackageException(String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
    }

    public String sqlState() {
        return sqlState;
    }
}
