package io.satellite.packagemgr;

import io.satellite.engine.libraries.LibraryLocations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One library an operation changes: the shared library (owner {@code PUBLIC}) or the private
 * library of one user, and its directory.
 */
record LibraryTarget(String language, LibraryScope scope, String owner, Path directory) {

    static LibraryTarget of(LibraryLocations locations, String language, LibraryScope scope, String user) {
        return scope == LibraryScope.SHARED
                ? new LibraryTarget(language, scope, ExternalLibrary.SHARED_OWNER, locations.shared(language))
                : new LibraryTarget(language, scope, user, locations.privateOf(language, user));
    }

    /** Creates the directory; the directory of private libraries can be traversed but not listed. */
    LibraryDirectory open() throws IOException {
        if (scope == LibraryScope.PRIVATE) {
            Path parent = directory.getParent();
            Files.createDirectories(parent);
            Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwx--x--x"));
        }
        LibraryDirectory dir = new LibraryDirectory(directory);
        dir.create();
        return dir;
    }

    /** "the shared library" or "the private library of BOB". */
    String describe() {
        return scope == LibraryScope.SHARED ? "the shared library" : "the private library of " + owner;
    }
}
