package io.satellite.packagemgr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The external library records ({@code SQLML.EXTERNAL_LIBRARY_STORE}) on a connection of
 * the database owner: what is installed where, with each package's tarball as a BLOB.
 */
final class ExternalLibraryStore {
    private static final String COLUMNS = "LIBRARY_ID, NAME, VERSION, LANGUAGE, SCOPE, OWNER, INSTALLED_BY,"
            + " INSTALLED_AT, DEPENDS, CONTENT_SHA256, CONTENT_BYTES";

    private ExternalLibraryStore() {
    }

    /** Every record of a language, shared ones first, then by owner and name. */
    static List<ExternalLibrary> all(Connection owner, String language) throws SQLException {
        return query(owner, "SELECT " + COLUMNS + " FROM SQLML.EXTERNAL_LIBRARY_STORE WHERE LANGUAGE = ?"
                + " ORDER BY SCOPE DESC, OWNER, NAME", language);
    }

    /** The records of one library: the shared one ({@code owner} PUBLIC) or a user's private one. */
    static List<ExternalLibrary> in(Connection owner, String language, LibraryScope scope, String libraryOwner)
            throws SQLException {
        return query(owner, "SELECT " + COLUMNS + " FROM SQLML.EXTERNAL_LIBRARY_STORE WHERE LANGUAGE = ?"
                + " AND SCOPE = ? AND OWNER = ? ORDER BY NAME", language, scope.name(), libraryOwner);
    }

    /** Replaces (or adds) the record of a package in a library, tarball included. */
    static void put(Connection owner, ExternalLibrary lib, Path tarball) throws SQLException, IOException {
        try (PreparedStatement del = owner.prepareStatement("DELETE FROM SQLML.EXTERNAL_LIBRARY_STORE"
                + " WHERE LANGUAGE = ? AND SCOPE = ? AND OWNER = ? AND NAME = ?")) {
            set(del, lib.language(), lib.scope().name(), lib.owner(), lib.name());
            del.executeUpdate();
        }
        try (PreparedStatement ins = owner.prepareStatement("INSERT INTO SQLML.EXTERNAL_LIBRARY_STORE (NAME, VERSION,"
                + " LANGUAGE, SCOPE, OWNER, INSTALLED_BY, INSTALLED_AT, DEPENDS, CONTENT_SHA256, CONTENT_BYTES, CONTENT)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             InputStream content = Files.newInputStream(tarball)) {
            set(ins, lib.name(), lib.version().toString(), lib.language(), lib.scope().name(), lib.owner(),
                    lib.installedBy(), Timestamp.from(lib.installedAt()), String.join(",", lib.depends()),
                    lib.sha256(), lib.bytes());
            ins.setBinaryStream(11, content, lib.bytes());
            ins.executeUpdate();
        }
    }

    static void delete(Connection owner, ExternalLibrary lib) throws SQLException {
        try (PreparedStatement ps = owner.prepareStatement("DELETE FROM SQLML.EXTERNAL_LIBRARY_STORE WHERE LIBRARY_ID = ?")) {
            ps.setLong(1, lib.id());
            ps.executeUpdate();
        }
    }

    /** Writes a record's stored tarball to {@code target}. */
    static void extract(Connection owner, ExternalLibrary lib, Path target) throws SQLException, IOException {
        try (PreparedStatement ps = owner.prepareStatement("SELECT CONTENT FROM SQLML.EXTERNAL_LIBRARY_STORE"
                + " WHERE LIBRARY_ID = ?")) {
            ps.setLong(1, lib.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new PackageException(PackageException.INVALID, "external library " + lib.name()
                            + " is no longer recorded");
                }
                try (InputStream in = rs.getBinaryStream(1)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static List<ExternalLibrary> query(Connection c, String sql, Object... args) throws SQLException {
        List<ExternalLibrary> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            set(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String deps = rs.getString(9);
                    out.add(new ExternalLibrary(rs.getLong(1), rs.getString(2), RVersion.parse(rs.getString(3)),
                            rs.getString(4), LibraryScope.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7),
                            rs.getTimestamp(8).toInstant(), deps.isEmpty() ? List.of() : Arrays.asList(deps.split(",")),
                            rs.getString(10), rs.getLong(11)));
                }
            }
        }
        return out;
    }

    private static void set(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }
}
