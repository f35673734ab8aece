package io.satellite.engine;

import io.satellite.engine.catalog.ConfigurationProcedures;
import io.satellite.engine.catalog.ExternalLanguages;
import io.satellite.engine.catalog.Migrations;
import io.satellite.engine.launchpad.ColdStartLaunchpad;
import io.satellite.engine.launchpad.Confinement;
import io.satellite.engine.launchpad.PooledLaunchpad;
import io.satellite.engine.launchpad.sandbox.IsolationFeature;
import io.satellite.engine.launchpad.sandbox.SandboxDiagnostics;
import io.satellite.engine.recovery.BootRecovery;
import io.satellite.engine.recovery.RecoveryReport;
import io.satellite.engine.requests.ExternalRequests;
import io.satellite.engine.requests.RequestJournal;
import io.satellite.engine.requests.RequestHistory;
import io.satellite.engine.launchpad.ExternalRuntime;
import io.satellite.engine.launchpad.Launchpad;
import io.satellite.engine.libraries.LibraryLocations;
import io.satellite.engine.script.ExternalScripts;
import io.satellite.engine.script.ResultShapes;
import io.satellite.engine.security.AuditEvent;
import io.satellite.engine.security.AuditTrail;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Owns the embedded Derby database and the services around it: boots it (creating it on
 * first boot with NATIVE authentication, SQL authorization and the admin user), brings the
 * SQLML catalog up to date, installs the external script service, and shuts it all down.
 * One engine serves a data directory at a time in a JVM.
 */
public final class Engine implements AutoCloseable {
    public static final String DATABASE_NAME = "satellite";
    private final EngineOptions options;
    private final Path databasePath;
    private final String adminPassword;
    private final Optional<Path> generatedPasswordFile;
    private final Launchpad launchpad;
    private final ExternalScripts scripts;
    private final RequestHistory history;
    private final AuditTrail audit;
    private final Confinement confinement;
    private final LibraryLocations libraries;
    private final List<EngineExtension> extensions = new ArrayList<>();
    private final RecoveryReport recovery;
    private final java.util.Map<String, Integer> configuredAtStart;
    private boolean closed;

    private Engine(EngineOptions options, Path databasePath, String adminPassword, Optional<Path> generated,
                   Launchpad launchpad, ExternalScripts scripts, RequestHistory history, AuditTrail audit,
                   Confinement confinement, LibraryLocations libraries, RecoveryReport recovery,
                   java.util.Map<String, Integer> configuredAtStart) {
        this.configuredAtStart = java.util.Map.copyOf(configuredAtStart);
        this.confinement = confinement;
        this.libraries = libraries;
        this.audit = audit;
        this.recovery = recovery;
        this.options = options;
        this.databasePath = databasePath;
        this.adminPassword = adminPassword;
        this.generatedPasswordFile = generated;
        this.launchpad = launchpad;
        this.scripts = scripts;
        this.history = history;
    }

    public static Engine start(EngineOptions options) throws SQLException, IOException {
        Path data = options.dataDirectory();
        if (!Files.isDirectory(data)) {
            Files.createDirectories(data, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
        }
        if (System.getProperty("derby.stream.error.file") == null) {
            System.setProperty("derby.stream.error.file", data.resolve("derby.log").toString());
        }
        Path db = data.resolve(DATABASE_NAME);
        Optional<String> password = AdminCredentials.existing(data, options.adminPassword());
        Optional<Path> generated = Optional.empty();
        if (!Files.exists(db.resolve("service.properties"))) {
            if (password.isEmpty()) {
                password = Optional.of(AdminCredentials.generate(data));
                generated = Optional.of(AdminCredentials.file(data));
            }
            FirstBoot.createDatabase(data, db, password.get());
        } else if (password.isEmpty()) {
            throw new IOException("the admin password is needed to open " + db + ": set SATELLITE_ADMIN_PASSWORD"
                    + " or restore " + AdminCredentials.file(data));
        }
        String url = "jdbc:derby:" + db;
        String pw = password.get();
        boolean enabled;
        long lastRequest;
        boolean outbound;
        java.util.Map<String, Integer> configured;
        RecoveryReport recovery;
        List<ExternalRuntime> runtimes;
        try (Connection owner = openDatabase(url, pw)) {
            Migrations.apply(owner);
            recovery = BootRecovery.run(data, owner);
            enabled = ConfigurationProcedures.valueInUse(owner, ConfigurationProcedures.SCRIPTS_ENABLED) == 1;
            ConfigurationProcedures.applyAtStart(owner);
            outbound = ConfigurationProcedures.valueInUse(owner, ConfigurationProcedures.OUTBOUND_NETWORK) == 1;
            int poolSize = ConfigurationProcedures.valueInUse(owner, ConfigurationProcedures.WORKER_POOL_SIZE);
            if (poolSize >= 0) {
                options = options.withWorkerPoolSize(poolSize);
            }
            configured = ConfigurationProcedures.inUse(owner);
            lastRequest = RequestHistory.lastId(owner);
            runtimes = ExternalLanguages.runtimes(owner, List.of(ExternalRuntime.r(options.rscript()),
                    ExternalRuntime.python(System.getenv().getOrDefault("SATELLITE_PYTHON", "/usr/bin/python3"))));
        }
        LibraryLocations libraries = new LibraryLocations(data);
        libraries.create();
        RequestJournal journal = new RequestJournal(data); // before the sandbox, which hides it
        Confinement confinement = Launchpads.confinement(options, outbound);
        Launchpad launchpad = options.workerPoolSize() == 0
                ? new ColdStartLaunchpad(data.resolve("jobs"), runtimes, confinement)
                : new PooledLaunchpad(data.resolve("jobs"), runtimes, options.workerPoolSize(), confinement);
        ResultShapes shapes = new ResultShapes(() -> DriverManager.getConnection(url, AdminCredentials.USER, pw));
        ExternalRequests requests = new ExternalRequests(lastRequest);
        requests.addListener(journal); // first: a request is journaled before anything else hears of it
        RequestHistory history = new RequestHistory(() -> DriverManager.getConnection(url, AdminCredentials.USER, pw),
                journal::recorded);
        requests.addListener(history);
        AuditTrail audit = new AuditTrail(() -> DriverManager.getConnection(url, AdminCredentials.USER, pw));
        requests.addListener(audit);
        AuditTrail.install(audit);
        ExternalScripts scripts = new ExternalScripts(launchpad, shapes, options.rowsPerRead(), enabled, requests,
                options.workerLimits());
        scripts.setIsolationProbe(() -> {
            List<IsolationFeature> features = new java.util.ArrayList<>(new SandboxDiagnostics(confinement.sandbox(),
                    confinement.limits(), confinement.outboundNetwork(), confinement.runAsUid()).probe());
            features.add(launchpad.uidPerWorker());
            features.add(launchpad.otherJobsOutOfReach());
            return features;
        });
        scripts.setLibraries(libraries);
        ExternalScripts.install(scripts);
        Engine engine = new Engine(options, db, pw, generated, launchpad, scripts, history, audit, confinement,
                libraries, recovery, configured);
        engine.startExtensions();
        return engine;
    }

    private static Connection openDatabase(String url, String password) throws SQLException {
        try {
            return DriverManager.getConnection(url, AdminCredentials.USER, password);
        } catch (SQLException e) {
            if ("XJ040".equals(e.getSQLState()) && e.getNextException() != null
                    && "XSDB6".equals(e.getNextException().getSQLState())) {
                throw new SQLException("the database " + url.substring("jdbc:derby:".length()) + " is in use by"
                        + " another Satellite process (a server or console); connect to that server with"
                        + " --url jdbc:derby://127.0.0.1:1527/" + DATABASE_NAME, "XSDB6", e);
            }
            throw e;
        }
    }

    /** Opens a connection as the given user (NATIVE authentication); a refused login is audited. */
    public Connection connect(String user, String password) throws SQLException {
        try {
            return DriverManager.getConnection(jdbcUrl(), user, password);
        } catch (SQLException e) {
            if ("08004".equals(e.getSQLState())) {
                audit.record(AuditEvent.of(user == null ? "" : user, AuditEvent.Actions.LOGIN_FAILED, null,
                        AuditEvent.Outcome.DENIED, e.getMessage()));
            }
            throw e;
        }
    }

    /** The audit log's writer (the console records failed logins, the package manager its operations). */
    public AuditTrail audit() {
        return audit;
    }

    /** A connection as the administrator, for the engine's own work and the first-boot admin. */
    public Connection connectAsAdmin() throws SQLException {
        return connect(AdminCredentials.USER, adminPassword);
    }

    public String jdbcUrl() {
        return "jdbc:derby:" + databasePath;
    }

    /**
     * An sp_configure option's value in use when the engine started (what options of the next
     * start, such as 'usage sampling interval ms', run with), or {@code fallback} if there is none.
     */
    public int configuredAtStart(String option, int fallback) {
        return configuredAtStart.getOrDefault(option, fallback);
    }

    /** The options this engine was started with. */
    public EngineOptions options() {
        return options;
    }

    public Path dataDirectory() {
        return options.dataDirectory();
    }

    /** Set when this boot created the database and generated the admin password into this file. */
    public Optional<Path> generatedPasswordFile() {
        return generatedPasswordFile;
    }

    /** Active external script requests and their events (the monitor and console listen). */
    public ExternalRequests requests() {
        return scripts.requests();
    }

    /** Waits until the history and the audit log hold everything that happened so far. */
    public void flushHistory() {
        history.flush();
        audit.flush();
    }

    /** What this start recovered from an unclean stop of the previous engine (see {@link BootRecovery}). */
    public RecoveryReport recovery() {
        return recovery;
    }

    public Launchpad launchpad() {
        return launchpad;
    }

    /** How runtimes are confined here (the package manager installs packages the same way). */
    public Confinement confinement() {
        return confinement;
    }

    /** Where package libraries live. */
    public LibraryLocations libraries() {
        return libraries;
    }

    /** The extensions found on the class path (such as the package manager), started with this engine. */
    public <T extends EngineExtension> Optional<T> extension(Class<T> type) {
        return extensions.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    private void startExtensions() throws SQLException, IOException {
        for (EngineExtension e : ServiceLoader.load(EngineExtension.class, Engine.class.getClassLoader())) {
            try {
                e.start(this);
            } catch (SQLException | IOException | RuntimeException ex) {
                close();
                throw ex;
            }
            extensions.add(e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = extensions.size() - 1; i >= 0; i--) {
            extensions.get(i).close();
        }
        ExternalScripts.uninstall(scripts);
        scripts.requests().shutdown();
        launchpad.close();
        history.close();
        AuditTrail.uninstall(audit);
        audit.close();
        shutdownDatabase(jdbcUrl(), adminPassword);
    }

    static void shutdownDatabase(String url, String password) {
        try {
            DriverManager.getConnection(url + ";shutdown=true", AdminCredentials.USER, password).close();
        } catch (SQLException e) {
            if (!"08006".equals(e.getSQLState()) && !"XJ015".equals(e.getSQLState())) {
                throw new IllegalStateException("database shutdown failed: " + e.getMessage(), e);
            }
        }
    }

    /** First boot: build the database under a temporary name, then move it into place. */
    static final class FirstBoot {
        private FirstBoot() {
        }

        static void createDatabase(Path data, Path db, String password) throws SQLException, IOException {
            Path staging = data.resolve(DATABASE_NAME + ".creating");
            if (Files.exists(staging)) {
                deleteTree(staging);
            }
            String url = "jdbc:derby:" + staging;
            try (Connection c = DriverManager.getConnection(url + ";create=true", AdminCredentials.USER, password)) {
                try (CallableStatement cs = c.prepareCall("CALL SYSCS_UTIL.SYSCS_CREATE_USER(?, ?)")) {
                    cs.setString(1, AdminCredentials.USER);
                    cs.setString(2, password);
                    cs.execute();
                }
                setProperty(c, "derby.authentication.native.passwordLifetimeMillis", "0");
                setProperty(c, "derby.database.sqlAuthorization", "true");
                setProperty(c, "derby.database.propertiesOnly", "true");
                // Creating the owner's credentials turns NATIVE::LOCAL on by itself; make sure.
                if (!"NATIVE::LOCAL".equals(getProperty(c, "derby.authentication.provider"))) {
                    setProperty(c, "derby.authentication.provider", "NATIVE::LOCAL");
                }
            }
            shutdownDatabase(url, password);
            Files.move(staging, db);
        }

        private static void setProperty(Connection c, String key, String value) throws SQLException {
            try (CallableStatement cs = c.prepareCall("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY(?, ?)")) {
                cs.setString(1, key);
                cs.setString(2, value);
                cs.execute();
            }
        }

        private static String getProperty(Connection c, String key) throws SQLException {
            try (var ps = c.prepareStatement("VALUES SYSCS_UTIL.SYSCS_GET_DATABASE_PROPERTY(?)")) {
                ps.setString(1, key);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        }

        private static void deleteTree(Path dir) throws IOException {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
