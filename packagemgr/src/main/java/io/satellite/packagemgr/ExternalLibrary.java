package io.satellite.packagemgr;

import java.time.Instant;
import java.util.List;

/**
 * One installed package as the database records it ({@code SQLML.EXTERNAL_LIBRARIES}, like
 * SQL Server's {@code sys.external_libraries}); its tarball is stored with it.
 *
 * @param owner the user for a private library, {@code PUBLIC} for the shared one
 * @param depends the names of the packages it needs (Depends, Imports, LinkingTo)
 */
public record ExternalLibrary(long id, String name, RVersion version, String language, LibraryScope scope,
                              String owner, String installedBy, Instant installedAt, List<String> depends,
                              String sha256, long bytes) {
    public static final String SHARED_OWNER = "PUBLIC";

    public ExternalLibrary {
        depends = List.copyOf(depends);
    }
}
