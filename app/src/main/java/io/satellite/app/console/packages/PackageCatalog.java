package io.satellite.app.console.packages;

import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The package procedures and views as the console's Packages view reads and calls them, on
 * one connection of the logged-in user (so the engine checks every action against that
 * user's roles, embedded or remote alike).
 */
final class PackageCatalog {
    /** A package a repository offers. */
    record Available(String repository, String name, String version, String needs, String title) {
    }

    /** A package installed in a library. */
    record Installed(String name, String version, String scope, String owner, String installedBy, String installedAt,
                     List<String> depends) {
    }

    /** One step of an install plan. */
    record PlanStep(int step, String name, String version, String action, String installedVersion, String requiredBy) {
    }

    /** How far a running (or just ended) operation is. */
    record Progress(long id, String status, int done, int total, String current, String log, String message) {
        double fraction() {
            return total <= 0 ? 0 : Math.min(1.0, (double) done / total);
        }
    }

    private final Connection c;

    PackageCatalog(Connection c) {
        this.c = c;
    }

    List<Available> available() throws SQLException {
        List<Available> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT REPOSITORY, NAME, VERSION, DEPENDS,"
                + " IMPORTS, LINKING_TO, TITLE FROM TABLE(SQLML.AVAILABLE_PACKAGES()) P ORDER BY NAME, VERSION")) {
            while (rs.next()) {
                List<String> needs = new ArrayList<>();
                for (int i = 4; i <= 6; i++) {
                    if (rs.getString(i) != null && !rs.getString(i).isBlank()) {
                        needs.add(rs.getString(i).replaceAll("\\s+", " ").strip());
                    }
                }
                out.add(new Available(rs.getString(1), rs.getString(2), rs.getString(3), String.join(", ", needs),
                        rs.getString(7) == null ? "" : rs.getString(7)));
            }
        }
        return out;
    }

    List<Installed> installed() throws SQLException {
        List<Installed> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT NAME, VERSION, SCOPE, OWNER,"
                + " INSTALLED_BY, INSTALLED_AT, DEPENDS FROM SQLML.EXTERNAL_LIBRARIES ORDER BY SCOPE DESC, OWNER, NAME")) {
            while (rs.next()) {
                String deps = rs.getString(7);
                out.add(new Installed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toString().replaceFirst("\\.\\d+$", ""),
                        deps == null || deps.isBlank() ? List.of() : List.of(deps.split(","))));
            }
        }
        return out;
    }

    /** Whether the user may install into a scope ('SHARED' or 'PRIVATE'). */
    boolean mayInstall(String scope) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("VALUES SQLML.HAS_PERMISSION(?)")) {
            ps.setString(1, scope.equals("SHARED") ? "INSTALL SHARED PACKAGES" : "INSTALL PRIVATE PACKAGES");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    List<PlanStep> plan(String names, String scope) throws SQLException {
        List<PlanStep> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT STEP, NAME, VERSION, ACTION, INSTALLED_VERSION, REQUIRED_BY"
                + " FROM TABLE(SQLML.PACKAGE_INSTALL_PLAN(?, ?)) P ORDER BY STEP")) {
            ps.setString(1, names);
            ps.setString(2, scope);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new PlanStep(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
        }
        return out;
    }

    /** Runs one package procedure; returns the outcome the engine reported. */
    String call(String procedure, Object... args) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(args.length, "?"));
        try (CallableStatement cs = c.prepareCall("CALL SQLML." + procedure + "(" + marks + ")")) {
            for (int i = 0; i < args.length; i++) {
                cs.setObject(i + 1, args[i]);
            }
            cs.execute();
            SQLWarning w = cs.getWarnings();
            return w == null ? "done" : w.getMessage();
        }
    }

    /** The newest operation of the caller after {@code afterId}, if any. */
    Optional<Progress> newestAfter(long afterId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT OPERATION_ID, STATUS, STEPS_DONE, STEPS_TOTAL,"
                + " CURRENT_STEP, LOG, MESSAGE FROM SQLML.PACKAGE_OPERATIONS"
                + " WHERE OPERATION_ID > ? AND USER_NAME = SESSION_USER ORDER BY OPERATION_ID DESC"
                + " FETCH FIRST 1 ROWS ONLY")) {
            ps.setLong(1, afterId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Progress(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                        rs.getString(5) == null ? "" : rs.getString(5), rs.getString(6) == null ? "" : rs.getString(6),
                        rs.getString(7)));
            }
        }
    }

    /** The highest operation id the caller can see now (progress polling starts after it). */
    long lastOperationId() throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(OPERATION_ID), 0) FROM SQLML.PACKAGE_OPERATIONS")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
