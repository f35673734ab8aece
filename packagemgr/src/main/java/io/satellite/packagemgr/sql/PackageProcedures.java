package io.satellite.packagemgr.sql;

import io.satellite.engine.script.CallerWarnings;
import io.satellite.engine.script.RequestProcedures;
import io.satellite.engine.script.ScriptErrors;
import io.satellite.engine.security.Authorization;
import io.satellite.packagemgr.InstallPlan;
import io.satellite.packagemgr.LibraryScope;
import io.satellite.packagemgr.PackageException;
import io.satellite.packagemgr.PackageManager;
import io.satellite.packagemgr.PackageNames;
import io.satellite.packagemgr.PackageProgress;
import io.satellite.packagemgr.PlannedPackage;
import io.satellite.packagemgr.RepositoryPackage;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The package procedures and table functions of the SQLML catalog (migration 9), for the
 * session's user: {@code SQLML.INSTALL_PACKAGE('a, b', 'PRIVATE')}, {@code INSTALL_PACKAGE_FILE},
 * {@code UPGRADE_PACKAGE}, {@code REMOVE_PACKAGE}, {@code SYNC_EXTERNAL_LIBRARIES},
 * {@code ADD_/DROP_PACKAGE_REPOSITORY}, {@code AVAILABLE_PACKAGES()} and
 * {@code PACKAGE_INSTALL_PLAN(...)}. What a change did comes back as a warning; a refusal as
 * an error naming the package and the reason.
 */
public final class PackageProcedures {
    /** The SQLState of the warning that reports what a change did (a network client needs one). */
    static final String OUTCOME = "01S20";
    private PackageProcedures() {
    }

    @FunctionalInterface
    private interface Call {
        PackageManager.Outcome run(PackageManager m, String user) throws SQLException;
    }

    public static void install(String packages, String scope) throws SQLException {
        change((m, user) -> m.install(user, PackageNames.split(packages), LibraryScope.parse(scope), PackageProgress.NONE,
                new AtomicBoolean()));
    }

    public static void installFile(String path, String scope) throws SQLException {
        change((m, user) -> {
            if (path == null || path.isBlank() || !Path.of(path).isAbsolute()) {
                throw new PackageException(PackageException.INVALID, "INSTALL_PACKAGE_FILE needs the absolute path"
                        + " of an R source tarball on the server, not '" + path + "'");
            }
            return m.installFile(user, Path.of(path), LibraryScope.parse(scope), PackageProgress.NONE,
                    new AtomicBoolean());
        });
    }

    /** {@code CREATE EXTERNAL LIBRARY name FROM (CONTENT = 'path') WITH (LANGUAGE = 'R')}, and ALTER's SET. */
    public static void createLibrary(String name, String path, String language, String scope) throws SQLException {
        change((m, user) -> {
            requireR(language);
            if (path == null || path.isBlank() || !Path.of(path).isAbsolute()) {
                throw new PackageException(PackageException.INVALID, "CONTENT must be the absolute path of an R source"
                        + " tarball on the server, not '" + path + "'");
            }
            return m.installFile(user, name, Path.of(path), LibraryScope.parse(scope), PackageProgress.NONE,
                    new AtomicBoolean());
        });
    }

    /** {@code DROP EXTERNAL LIBRARY name}. */
    public static void dropLibrary(String name, String scope) throws SQLException {
        change((m, user) -> m.remove(user, name, LibraryScope.parse(scope), false, PackageProgress.NONE));
    }

    private static void requireR(String language) {
        if (language != null && !language.isBlank() && !language.strip().equalsIgnoreCase(PackageManager.LANGUAGE)) {
            throw new PackageException(PackageException.INVALID, "external libraries of language '" + language
                    + "' are not managed: Satellite manages R packages (LANGUAGE = 'R')");
        }
    }

    public static void upgrade(String packages, String scope) throws SQLException {
        change((m, user) -> m.upgrade(user, PackageNames.split(packages), LibraryScope.parse(scope), PackageProgress.NONE,
                new AtomicBoolean()));
    }

    public static void remove(String name, String scope, short cascade) throws SQLException {
        change((m, user) -> m.remove(user, name, LibraryScope.parse(scope), cascade != 0, PackageProgress.NONE));
    }

    public static void sync() throws SQLException {
        change((m, user) -> m.sync(user, PackageProgress.NONE));
    }

    /** {@code SQLML.CANCEL_PACKAGE_OPERATION(id)}: stops a running install or sync (its owner or an administrator). */
    public static void cancel(long operationId) throws SQLException {
        change((m, user) -> new PackageManager.Outcome(operationId, List.of(), m.cancel(user, operationId)
                ? "package operation " + operationId + " is being cancelled; the library stays as it was"
                : "package operation " + operationId + " is not running"));
    }

    public static void addRepository(String name, String location) throws SQLException {
        change((m, user) -> {
            m.addRepository(user, name, location);
            return new PackageManager.Outcome(0, List.of(), "package repository " + name + " added");
        });
    }

    public static void dropRepository(String name) throws SQLException {
        change((m, user) -> {
            m.dropRepository(user, name);
            return new PackageManager.Outcome(0, List.of(), "package repository " + name + " dropped");
        });
    }

    /** {@code SQLML.AVAILABLE_PACKAGES()}: what the repositories offer. */
    public static ResultSet available() throws SQLException {
        try {
            List<Object[]> rows = new ArrayList<>();
            for (RepositoryPackage p : PackageManager.current().available()) {
                var d = p.description();
                rows.add(new Object[] {p.repository(), d.name(), d.version().toString(), d.field("Depends").orElse(null),
                        d.field("Imports").orElse(null), d.field("LinkingTo").orElse(null),
                        d.field("Title").orElse(null)});
            }
            return new RequestProcedures.Rows(rows);
        } catch (PackageException e) {
            throw ScriptErrors.forCaller(new SQLException(e.getMessage(), e.sqlState(), e));
        }
    }

    /** {@code SQLML.PACKAGE_INSTALL_PLAN(packages, scope)}: the dry run of an install. */
    public static ResultSet plan(String packages, String scope) throws SQLException {
        try {
            InstallPlan plan = PackageManager.current().plan(Authorization.sessionUser(), PackageNames.split(packages),
                    LibraryScope.parse(scope), false);
            List<Object[]> rows = new ArrayList<>();
            int step = 0;
            for (PlannedPackage p : plan.packages()) {
                rows.add(new Object[] {++step, p.name(), p.version().toString(), p.action().name(),
                        p.installedVersion() == null ? null : p.installedVersion().toString(),
                        String.join(", ", p.requiredBy())});
            }
            return new RequestProcedures.Rows(rows);
        } catch (PackageException e) {
            throw ScriptErrors.forCaller(new SQLException(e.getMessage(), e.sqlState(), e));
        }
    }

    private static void change(Call call) throws SQLException {
        try {
            PackageManager.Outcome o = call.run(PackageManager.current(), Authorization.sessionUser());
            CallerWarnings.add(new SQLWarning(o.message(), OUTCOME));
        } catch (PackageException e) {
            throw ScriptErrors.forCaller(new SQLException(e.getMessage(), e.sqlState(), e));
        } catch (SQLException e) {
            throw ScriptErrors.forCaller(e);
        }
    }
}
