package io.satellite.packagemgr;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineExtension;
import io.satellite.engine.security.AuditEvent;
import io.satellite.engine.security.AuditTrail;
import io.satellite.engine.security.Authorization;
import io.satellite.engine.security.Capability;
import io.satellite.engine.security.Principals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * R package management for the engine, as SQL Server's external libraries and sqlmlutils:
 * repositories, one shared and one private library per user, dependency resolution, installs
 * in the sandbox, removal, and rebuilding the libraries from the database. Every operation
 * checks the caller's package role and is audited and logged. The SQL procedures
 * ({@code SQLML.INSTALL_PACKAGE} ...) call this; so does the console, for a user it logged in.
 * Changes run one at a time.
 */
public final class PackageManager implements EngineExtension {
    public static final String LANGUAGE = "R";
    private static volatile PackageManager current;

    private Engine engine;
    private SandboxedInstall installer;
    private RuntimeLibrary runtime = RuntimeLibrary.debian();
    private final ReentrantLock changes = new ReentrantLock(true);

    /** The result of a change: the operation's log id, and what it did. */
    public record Outcome(long operationId, List<String> changed, String message) {
    }

    @Override
    public void start(Engine e) throws IOException {
        this.engine = e;
        this.installer = new SandboxedInstall(e.confinement(), Path.of(e.options().rscript()).resolveSibling("R"));
        current = this;
        try {
            recoverInterruptedOperations();
        } catch (SQLException ex) {
            throw new IOException("package libraries could not be recovered: " + ex.getMessage(), ex);
        }
    }

    /**
     * After a crash: operations still marked RUNNING are marked FAILED, their staging areas
     * removed, and the libraries synced from the database (whose records change in one
     * transaction, after the files), so each library is as before the interrupted operation.
     */
    private void recoverInterruptedOperations() throws SQLException, IOException {
        int interrupted;
        try (Connection c = engine.connectAsAdmin(); java.sql.PreparedStatement ps = c.prepareStatement(
                "UPDATE SQLML.PACKAGE_OPERATION_LOG SET STATUS = 'FAILED', ENDED_AT = CURRENT_TIMESTAMP,"
                        + " MESSAGE = 'interrupted: the engine stopped while the operation ran; the library was"
                        + " restored from the database' WHERE STATUS = 'RUNNING'")) {
            interrupted = ps.executeUpdate();
        }
        LibraryDirectory.deleteTree(engine.libraries().staging());
        if (interrupted > 0) {
            AtomicBoolean never = new AtomicBoolean();
            operate(io.satellite.engine.AdminCredentials.USER, "RECOVER", "all libraries", null, PackageProgress.NONE,
                    never, (c, op, staging) -> new LibrarySync(engine.libraries(), installer, staging, op, never)
                            .run(c, null));
        }
    }

    @Override
    public void close() {
        if (current == this) {
            current = null;
        }
    }

    /** The package manager of the running engine. */
    public static PackageManager current() {
        PackageManager m = current;
        if (m == null) {
            throw new PackageException(PackageException.INVALID, "package management is not running in this engine");
        }
        return m;
    }

    /** The package manager started with {@code engine}. */
    public static PackageManager of(Engine engine) {
        return engine.extension(PackageManager.class).orElseThrow(() -> new PackageException(PackageException.INVALID,
                "package management is not running in this engine"));
    }

    // --- what is there -----------------------------------------------------------------

    public List<PackageRepository> repositories() throws SQLException {
        try (Connection c = engine.connectAsAdmin()) {
            return PackageRepositories.configured(c);
        }
    }

    /** Every package the configured repositories offer, with versions and dependencies. */
    public List<RepositoryPackage> available() throws SQLException {
        return offer().packages();
    }

    /** The installed packages {@code user} may see: the shared library's and their own (an admin sees all). */
    public List<ExternalLibrary> installed(String user) throws SQLException {
        try (Connection c = engine.connectAsAdmin()) {
            boolean admin = Principals.isAdmin(c, user);
            return ExternalLibraryStore.all(c, LANGUAGE).stream()
                    .filter(l -> admin || l.scope() == LibraryScope.SHARED || l.owner().equals(user)).toList();
        }
    }

    /** The packages of R itself (base, recommended and site libraries), always available to scripts. */
    public Map<String, RVersion> runtimePackages() {
        return runtime.packages();
    }

    /** What installing (or upgrading) {@code names} into a library would do, without doing it. */
    public InstallPlan plan(String user, List<String> names, LibraryScope requested, boolean upgrade)
            throws SQLException {
        try (Connection c = engine.connectAsAdmin()) {
            LibraryScope scope = scopeFor(c, user, requested);
            LibraryTarget target = LibraryTarget.of(engine.libraries(), LANGUAGE, scope, user);
            return resolve(c, offer().index(), names, target, upgrade);
        }
    }

    // --- changes -----------------------------------------------------------------------

    /** Installs {@code names} and what they need from the repositories into the caller's library of {@code scope}. */
    public Outcome install(String user, List<String> names, LibraryScope scope, PackageProgress progress,
                           AtomicBoolean cancel) throws SQLException {
        return installFromRepositories(user, names, scope, false, progress, cancel);
    }

    /** Installs the highest versions the repositories offer of {@code names} (and what they need). */
    public Outcome upgrade(String user, List<String> names, LibraryScope scope, PackageProgress progress,
                           AtomicBoolean cancel) throws SQLException {
        return installFromRepositories(user, names, scope, true, progress, cancel);
    }

    /** Installs an uploaded source tarball; its dependencies come from the repositories. */
    public Outcome installFile(String user, Path tarball, LibraryScope requested, PackageProgress progress,
                               AtomicBoolean cancel) throws SQLException {
        return installFile(user, null, tarball, requested, progress, cancel);
    }

    /** As {@link #installFile}, checking that the tarball holds package {@code expectedName} (CREATE EXTERNAL LIBRARY). */
    public Outcome installFile(String user, String expectedName, Path tarball, LibraryScope requested,
                               PackageProgress progress, AtomicBoolean cancel) throws SQLException {
        LibraryScope scope = scopeFor(user, requested);
        PackageDescription upload;
        try {
            upload = SourceTarball.describe(tarball);
        } catch (IOException e) {
            throw new PackageException(PackageException.INVALID, e.getMessage(), e);
        }
        if (expectedName != null && !expectedName.equals(upload.name())) {
            throw new PackageException(PackageException.INVALID, "external library " + expectedName + " must be"
                    + " named as the package in its file, which is " + upload.name());
        }
        requireInstall(user, scope);
        PackageRepositories.Offer repos = offer();
        List<RepositoryPackage> packages = new ArrayList<>(repos.packages().stream()
                .filter(p -> !p.description().name().equals(upload.name())).toList());
        packages.add(new RepositoryPackage("upload", upload, tarball));
        return installPlan(user, List.of(upload.name()), scope, false, PackageRepositories.Offer.of(packages),
                "INSTALL FILE", progress, cancel);
    }

    private Outcome installFromRepositories(String user, List<String> names, LibraryScope requested, boolean upgrade,
                                            PackageProgress progress, AtomicBoolean cancel) throws SQLException {
        LibraryScope scope = scopeFor(user, requested);
        List<String> wanted = PackageNames.check(names);
        requireInstall(user, scope);
        return installPlan(user, wanted, scope, upgrade, offer(), upgrade ? "UPGRADE" : "INSTALL", progress, cancel);
    }

    private Outcome installPlan(String user, List<String> names, LibraryScope scope, boolean upgrade,
                                PackageRepositories.Offer offer, String action, PackageProgress progress,
                                AtomicBoolean cancel) throws SQLException {
        LibraryTarget target = LibraryTarget.of(engine.libraries(), LANGUAGE, scope, user);
        return operate(user, action, String.join(", ", names), scope, progress, cancel, (c, op, staging) -> {
            op.step(0, 1, "resolving dependencies of " + String.join(", ", names));
            InstallPlan plan = resolve(c, offer.index(), names, target, upgrade);
            op.log("plan:\n" + plan);
            List<InstallRun.Item> items = plan.toInstall().stream()
                    .map(p -> new InstallRun.Item(p.source(), offer.tarballs().get(p.source()))).toList();
            if (items.isEmpty()) {
                return new Outcome(0, List.of(), "nothing to install: " + String.join(", ", names)
                        + " already installed and satisfied");
            }
            new InstallRun(installer, staging, target, searchAfter(target), op, cancel).run(items, List.of(), c, user);
            List<String> done = plan.toInstall().stream().map(p -> p.name() + " " + p.version()).toList();
            return new Outcome(0, done, "installed into " + target.describe() + ": " + String.join(", ", done));
        });
    }

    /**
     * Removes {@code name} from the caller's library of {@code scope}. Refused while installed
     * packages depend on it, unless {@code cascade}, which removes those of the same library too.
     */
    public Outcome remove(String user, String name, LibraryScope requested, boolean cascade, PackageProgress progress)
            throws SQLException {
        PackageNames.check(List.of(name));
        LibraryScope scope = requested != null ? requested : installedScope(user, name);
        requireInstall(user, scope);
        LibraryTarget target = LibraryTarget.of(engine.libraries(), LANGUAGE, scope, user);
        return operate(user, "REMOVE", name, scope, progress, new AtomicBoolean(), (c, op, staging) -> {
            List<ExternalLibrary> removed = Dependents.toRemove(ExternalLibraryStore.all(c, LANGUAGE), target, name, cascade);
            op.step(0, 1, "removing " + removed.stream().map(ExternalLibrary::name).toList() + " from " + target.describe());
            new InstallRun(installer, staging, target, List.of(), op, new AtomicBoolean()).run(List.of(), removed, c, user);
            List<String> done = removed.stream().map(l -> l.name() + " " + l.version()).toList();
            return new Outcome(0, done, "removed from " + target.describe() + ": " + String.join(", ", done));
        });
    }

    /**
     * Rebuilds library directories from the database (as rxSyncPackages): a package recorded
     * but missing or of another version on disk is installed again from its stored tarball;
     * a directory not recorded is removed. An administrator syncs every library, others
     * their own private one.
     */
    public Outcome sync(String user, PackageProgress progress) throws SQLException {
        boolean admin;
        try (Connection c = engine.connectAsAdmin()) {
            admin = Principals.isAdmin(c, user);
        }
        if (!admin) {
            requireInstall(user, LibraryScope.PRIVATE);
        }
        AtomicBoolean cancel = new AtomicBoolean();
        return operate(user, "SYNC", admin ? "all libraries" : "private library", admin ? null : LibraryScope.PRIVATE,
                progress, cancel, (c, op, staging) -> new LibrarySync(engine.libraries(), installer, staging, op, cancel)
                        .run(c, admin ? null : user));
    }

    /** Adds a repository (administrators only). */
    public void addRepository(String user, String name, String location) throws SQLException {
        try (Connection c = engine.connectAsAdmin()) {
            requireAdmin(c, user, "add package repositories", name);
            PackageRepositories.add(c, name, location, user);
            AuditTrail.note(AuditEvent.of(user, AuditEvent.Actions.PACKAGE, "repository " + name,
                    AuditEvent.Outcome.SUCCEEDED, "added " + location));
        }
    }

    public void dropRepository(String user, String name) throws SQLException {
        try (Connection c = engine.connectAsAdmin()) {
            requireAdmin(c, user, "drop package repositories", name);
            PackageRepositories.drop(c, name);
            AuditTrail.note(AuditEvent.of(user, AuditEvent.Actions.PACKAGE, "repository " + name,
                    AuditEvent.Outcome.SUCCEEDED, "dropped"));
        }
    }

    // --- inner workings ----------------------------------------------------------------

    /** The work of one operation, on an owner connection, with its log and staging directory. */
    @FunctionalInterface
    private interface Work {
        Outcome run(Connection owner, PackageOperationLog op, Path staging) throws SQLException, IOException,
                InterruptedException;
    }

    /**
     * Asks a running operation to stop (its owner or an administrator may): the install in
     * progress is killed and the library stays as it was. False if it is not running.
     */
    public boolean cancel(String user, long operationId) throws SQLException {
        Running r = running.get(operationId);
        if (r == null) {
            return false;
        }
        if (!r.user().equals(user)) {
            try (Connection c = engine.connectAsAdmin()) {
                requireAdmin(c, user, "cancel another user's package operation", "operation " + operationId);
            }
        }
        r.cancel().set(true);
        return true;
    }

    private record Running(String user, AtomicBoolean cancel) {
    }

    private final Map<Long, Running> running = new java.util.concurrent.ConcurrentHashMap<>();

    private Outcome operate(String user, String action, String packages, LibraryScope scope, PackageProgress progress,
                            AtomicBoolean cancel, Work work) throws SQLException {
        String what = action.toLowerCase(java.util.Locale.ROOT) + " " + packages
                + (scope == null ? "" : " (" + scope + ")");
        changes.lock();
        try (Connection log = engine.connectAsAdmin(); Connection c = engine.connectAsAdmin()) {
            PackageOperationLog op = PackageOperationLog.start(log, user, action, packages, LANGUAGE, scope, progress);
            Path staging = engine.libraries().staging().resolve("operation-" + op.id());
            running.put(op.id(), new Running(user, cancel));
            try {
                Files.createDirectories(staging);
                Outcome o = work.run(c, op, staging);
                op.step(1, 1, "done: " + o.message());
                op.finish(true, o.message());
                AuditTrail.note(AuditEvent.of(user, AuditEvent.Actions.PACKAGE, what, AuditEvent.Outcome.SUCCEEDED,
                        o.message()));
                return new Outcome(op.id(), o.changed(), o.message());
            } catch (SQLException | IOException | RuntimeException e) {
                String message = e.getMessage() + " (operation " + op.id() + "; nothing was changed)";
                op.log("failed: " + message);
                op.finish(false, message);
                AuditTrail.note(AuditEvent.of(user, AuditEvent.Actions.PACKAGE, what, AuditEvent.Outcome.FAILED, message));
                if (e instanceof PackageException pe) {
                    throw new PackageException(pe.sqlState(), message, e);
                }
                throw new PackageException(PackageException.INSTALL_FAILED, what + " failed: " + message, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                op.finish(false, "interrupted");
                throw new PackageException(PackageException.INSTALL_FAILED, what + " was interrupted", e);
            } finally {
                running.remove(op.id());
                try {
                    LibraryDirectory.deleteTree(staging);
                } catch (IOException e) {
                    op.log("could not remove " + staging + ": " + e.getMessage());
                }
            }
        } finally {
            changes.unlock();
        }
    }

    /** The scope asked for, or the caller's default: SHARED for administrators, PRIVATE for others. */
    private LibraryScope scopeFor(String user, LibraryScope requested) throws SQLException {
        if (requested != null) {
            return requested;
        }
        try (Connection c = engine.connectAsAdmin()) {
            return scopeFor(c, user, null);
        }
    }

    private static LibraryScope scopeFor(Connection c, String user, LibraryScope requested) throws SQLException {
        return requested != null ? requested : Principals.isAdmin(c, user) ? LibraryScope.SHARED : LibraryScope.PRIVATE;
    }

    /** Where {@code user}'s scripts find {@code name}: their private library if it is there, else the shared one. */
    private LibraryScope installedScope(String user, String name) throws SQLException {
        try (Connection c = engine.connectAsAdmin()) {
            boolean own = ExternalLibraryStore.in(c, LANGUAGE, LibraryScope.PRIVATE, user).stream()
                    .anyMatch(l -> l.name().equals(name));
            return own ? LibraryScope.PRIVATE : LibraryScope.SHARED;
        }
    }

    private InstallPlan resolve(Connection c, PackageIndex index, List<String> names, LibraryTarget target,
                                boolean upgrade) throws SQLException {
        Map<String, RVersion> installed = new LinkedHashMap<>(runtime.packages());
        ExternalLibraryStore.in(c, LANGUAGE, LibraryScope.SHARED, ExternalLibrary.SHARED_OWNER)
                .forEach(l -> installed.put(l.name(), l.version()));
        if (target.scope() == LibraryScope.PRIVATE) {
            // a user's own packages come before the shared ones
            ExternalLibraryStore.in(c, LANGUAGE, LibraryScope.PRIVATE, target.owner())
                    .forEach(l -> installed.put(l.name(), l.version()));
        }
        try {
            DependencyResolver resolver = new DependencyResolver(index, installed,
                    DependencyResolver.R_4_2_BASE_AND_RECOMMENDED, runtime.rVersion());
            if (upgrade) {
                resolver.upgrading(Set.copyOf(names));
            }
            return resolver.resolve(names);
        } catch (ResolutionException e) {
            throw new PackageException(PackageException.UNRESOLVED, e.getMessage(), e);
        }
    }

    /** Where installs into {@code target} find their dependencies after the staged ones. */
    private List<Path> searchAfter(LibraryTarget target) {
        List<Path> out = new ArrayList<>();
        out.add(target.directory());
        Path shared = engine.libraries().shared(LANGUAGE);
        if (!out.contains(shared)) {
            out.add(shared);
        }
        return out.stream().filter(Files::isDirectory).toList();
    }

    private PackageRepositories.Offer offer() throws SQLException {
        return PackageRepositories.offer(repositories());
    }

    private void requireInstall(String user, LibraryScope scope) throws SQLException {
        Capability needed = scope == LibraryScope.SHARED ? Capability.INSTALL_SHARED_PACKAGES
                : Capability.INSTALL_PRIVATE_PACKAGES;
        try (Connection c = engine.connectAsAdmin()) {
            Authorization.Decision d = Authorization.decide(c, user, needed);
            if (!d.allowed()) {
                String message = user + " may not install packages into the " + scope.name().toLowerCase(java.util.Locale.ROOT)
                        + " library: " + d.reason();
                AuditTrail.note(AuditEvent.of(user, AuditEvent.Actions.PACKAGE, scope + " library",
                        AuditEvent.Outcome.DENIED, message));
                throw new PackageException(PackageException.DENIED, message);
            }
        }
    }

    private static void requireAdmin(Connection c, String user, String doing, String object) throws SQLException {
        if (!Principals.isAdmin(c, user)) {
            String message = user + " may not " + doing + ": only administrators (SQLML_ADMIN) may";
            AuditTrail.note(AuditEvent.of(user, AuditEvent.Actions.PACKAGE, object, AuditEvent.Outcome.DENIED, message));
            throw new PackageException(PackageException.DENIED, message);
        }
    }
}
