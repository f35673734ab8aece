package io.satellite.packagemgr;

import java.util.Locale;

/** Where a package is installed: for everyone, or for its owner only (as sqlmlutils' scope). */
public enum LibraryScope {
    SHARED, PRIVATE;

    /**
     * 'SHARED' or 'PRIVATE' in any case; blank (null) means the caller's default, which
     * {@link PackageManager} decides: SHARED for administrators, PRIVATE for everyone else (as
     * SQL Server makes libraries of dbo public and those of other users private).
     */
    public static LibraryScope parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PackageException(PackageException.INVALID, "scope '" + text + "' is not SHARED or PRIVATE");
        }
    }
}
