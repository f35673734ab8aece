package io.satellite.packagemgr;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The repositories an administrator configured ({@code SQLML.PACKAGE_REPOSITORIES}), and what they offer. */
final class PackageRepositories {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,127}");

    private PackageRepositories() {
    }

    static List<PackageRepository> configured(Connection c) throws SQLException {
        List<PackageRepository> out = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT NAME, LOCATION FROM SQLML.PACKAGE_REPOSITORIES ORDER BY ADDED_AT, NAME")) {
            while (rs.next()) {
                out.add(new PackageRepository(rs.getString(1), Path.of(rs.getString(2))));
            }
        }
        return out;
    }

    static void add(Connection owner, String name, String location, String user) throws SQLException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new PackageException(PackageException.INVALID, "repository name '" + name + "' must start with a"
                    + " letter and hold only letters, digits, '_', '.' or '-'");
        }
        if (location == null || location.isBlank() || !Path.of(location).isAbsolute()) {
            throw new PackageException(PackageException.INVALID, "repository location '" + location
                    + "' must be an absolute path to a directory");
        }
        Path dir = Path.of(location).normalize();
        if (!Files.isDirectory(dir)) {
            throw new PackageException(PackageException.INVALID, "repository location " + dir + " is not a directory");
        }
        try {
            if (new PackageRepository(name, dir).packages().isEmpty()) {
                throw new PackageException(PackageException.INVALID, "repository location " + dir + " offers no"
                        + " packages: it needs src/contrib/PACKAGES (tools::write_PACKAGES) or R source tarballs");
            }
        } catch (IOException e) {
            throw new PackageException(PackageException.INVALID, "repository " + dir + " cannot be read: " + e.getMessage(), e);
        }
        try (PreparedStatement ps = owner.prepareStatement("INSERT INTO SQLML.PACKAGE_REPOSITORIES VALUES (?, ?, ?, ?)")) {
            ps.setString(1, name);
            ps.setString(2, dir.toString());
            ps.setString(3, user);
            ps.setTimestamp(4, Timestamp.from(Instant.now()));
            ps.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new PackageException(PackageException.INVALID, "a package repository named " + name
                        + " already exists", e);
            }
            throw e;
        }
    }

    static void drop(Connection owner, String name) throws SQLException {
        try (PreparedStatement ps = owner.prepareStatement("DELETE FROM SQLML.PACKAGE_REPOSITORIES WHERE NAME = ?")) {
            ps.setString(1, name);
            if (ps.executeUpdate() == 0) {
                throw new PackageException(PackageException.INVALID, "there is no package repository named " + name);
            }
        }
    }

    /** What all the repositories offer together, a package's tarball found by its description. */
    record Offer(List<RepositoryPackage> packages, PackageIndex index, Map<PackageDescription, Path> tarballs) {
        static Offer of(List<RepositoryPackage> packages) {
            Map<PackageDescription, Path> tarballs = new IdentityHashMap<>();
            packages.forEach(p -> tarballs.put(p.description(), p.tarball()));
            return new Offer(packages, new PackageIndex(packages.stream().map(RepositoryPackage::description).toList()),
                    tarballs);
        }
    }

    static Offer offer(List<PackageRepository> repositories) {
        List<RepositoryPackage> all = new ArrayList<>();
        for (PackageRepository r : repositories) {
            try {
                all.addAll(r.packages());
            } catch (IOException e) {
                throw new PackageException(PackageException.INVALID, "package repository " + r.name()
                        + " cannot be read: " + e.getMessage(), e);
            }
        }
        return Offer.of(all);
    }
}
