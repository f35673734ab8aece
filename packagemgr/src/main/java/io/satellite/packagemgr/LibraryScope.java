package io.satellite.packagemgr;

import java.util.Locale;

/** Where a package is installed: for everyone, or for its owner only (as sqlmlutils' scope). */
public enum LibraryScope {
    SHARED, PRIVATE;

    /** 'SHARED' or 'PRIVATE' in any case; blank means PRIVATE, as in sqlmlutils. */
    public static LibraryScope parse(String text) {
        if (text == null || text.isBlank()) {
            return PRIVATE;
        }
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new PackageException(PackageException.INVALID, "scope '" + text + "' is not SHARED or PRIVATE");
        }
    }
}
