package io.satellite.engine.catalog;

import io.satellite.engine.launchpad.ResourcePool;
import io.satellite.engine.script.ScriptErrors;
import io.satellite.engine.security.AuditEvent;
import io.satellite.engine.security.AuditEvent.Actions;
import io.satellite.engine.security.AuditEvent.Outcome;
import io.satellite.engine.security.AuditTrail;
import io.satellite.engine.security.Authorization;
import io.satellite.engine.security.Principals;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bodies of {@code SQLML.CREATE_EXTERNAL_RESOURCE_POOL}, {@code ALTER_...}, {@code DROP_...}
 * and {@code SQLML.CLASSIFY_EXTERNAL_POOL}, as SQL Server's external resource pool DDL. They
 * run with the database owner's rights and check that the caller is an administrator
 * (the owner or a member of SQLML_ADMIN); changes are audited. Bad values fail with SQLState 38S07 naming the value.
 */
public final class ResourcePoolProcedures {
    static final String INVALID = "38S07";
    private static final String PROCS = "io.satellite.engine.catalog.ResourcePoolProcedures.";
    private static final String OPTIONS = "IN NAME VARCHAR(128), IN MAX_CPU_PERCENT INT,"
            + " IN MAX_MEMORY_PERCENT INT, IN MAX_PROCESSES INT, IN AFFINITY VARCHAR(200),"
            + " IN MAX_DURATION_SECONDS INT, IN QUEUE_TIMEOUT_SECONDS INT";
    private static final String JAVA = " LANGUAGE JAVA PARAMETER STYLE JAVA MODIFIES SQL DATA EXTERNAL NAME '" + PROCS;

    /** Catalog migration 2: the pools (with SQL Server's default pool), the classifier, the procedures. */
    static final Migration MIGRATION = new Migration(2, "external resource pools and their classifier", List.of(
            "CREATE TABLE SQLML.EXTERNAL_RESOURCE_POOLS (NAME VARCHAR(128) NOT NULL PRIMARY KEY,"
                    + " MAX_CPU_PERCENT INT NOT NULL CHECK (MAX_CPU_PERCENT BETWEEN 1 AND 100),"
                    + " MAX_MEMORY_PERCENT INT NOT NULL CHECK (MAX_MEMORY_PERCENT BETWEEN 1 AND 100),"
                    + " MAX_PROCESSES INT NOT NULL CHECK (MAX_PROCESSES >= 0), AFFINITY VARCHAR(200),"
                    + " MAX_DURATION_SECONDS INT NOT NULL CHECK (MAX_DURATION_SECONDS >= 0),"
                    + " QUEUE_TIMEOUT_SECONDS INT NOT NULL CHECK (QUEUE_TIMEOUT_SECONDS >= 0),"
                    + " CREATED TIMESTAMP NOT NULL)",
            "INSERT INTO SQLML.EXTERNAL_RESOURCE_POOLS VALUES ('default', 100, 20, 0, NULL, 0, 60, CURRENT_TIMESTAMP)",
            "CREATE TABLE SQLML.EXTERNAL_POOL_CLASSIFIER (PRINCIPAL VARCHAR(128) NOT NULL PRIMARY KEY,"
                    + " POOL_NAME VARCHAR(128) NOT NULL REFERENCES SQLML.EXTERNAL_RESOURCE_POOLS (NAME))",
            "GRANT SELECT ON SQLML.EXTERNAL_RESOURCE_POOLS TO PUBLIC",
            "GRANT SELECT ON SQLML.EXTERNAL_POOL_CLASSIFIER TO PUBLIC",
            "CREATE PROCEDURE SQLML.CREATE_EXTERNAL_RESOURCE_POOL(" + OPTIONS + ")" + JAVA + "create'",
            "CREATE PROCEDURE SQLML.ALTER_EXTERNAL_RESOURCE_POOL(" + OPTIONS + ")" + JAVA + "alter'",
            "CREATE PROCEDURE SQLML.DROP_EXTERNAL_RESOURCE_POOL(IN NAME VARCHAR(128))" + JAVA + "drop'",
            "CREATE PROCEDURE SQLML.CLASSIFY_EXTERNAL_POOL(IN PRINCIPAL VARCHAR(128), IN POOL_NAME VARCHAR(128))"
                    + JAVA + "classify'"));
    /** The affinity value meaning "every CPU" (SQL Server's {@code AFFINITY CPU = AUTO}). */
    public static final String AUTO = "AUTO";

    private ResourcePoolProcedures() {
    }

    /** The procedures, for the security migration to re-create with administrator checks. */
    static List<String[]> definitions() {
        String java = " LANGUAGE JAVA PARAMETER STYLE JAVA MODIFIES SQL DATA";
        return List.of(
                new String[] {"CREATE_EXTERNAL_RESOURCE_POOL", "(" + OPTIONS + ")" + java, PROCS + "create"},
                new String[] {"ALTER_EXTERNAL_RESOURCE_POOL", "(" + OPTIONS + ")" + java, PROCS + "alter"},
                new String[] {"DROP_EXTERNAL_RESOURCE_POOL", "(IN NAME VARCHAR(128))" + java, PROCS + "drop"},
                new String[] {"CLASSIFY_EXTERNAL_POOL", "(IN PRINCIPAL VARCHAR(128), IN POOL_NAME VARCHAR(128))"
                        + java, PROCS + "classify"});
    }

    /** Creates a pool; a null option takes its default (SQL Server's: 100% CPU and memory, unlimited processes). */
    public static void create(String name, Integer maxCpuPercent, Integer maxMemoryPercent, Integer maxProcesses,
                              String affinity, Integer maxDurationSeconds, Integer queueTimeoutSeconds)
            throws SQLException {
        administer("CREATE", name, () -> createPool(name, maxCpuPercent, maxMemoryPercent, maxProcesses, affinity,
                maxDurationSeconds, queueTimeoutSeconds));
    }

    /** Changes a pool's options; a null option stays as it is; affinity 'AUTO' means every CPU. */
    public static void alter(String name, Integer maxCpuPercent, Integer maxMemoryPercent, Integer maxProcesses,
                             String affinity, Integer maxDurationSeconds, Integer queueTimeoutSeconds)
            throws SQLException {
        administer("ALTER", name, () -> alterPool(name, maxCpuPercent, maxMemoryPercent, maxProcesses, affinity,
                maxDurationSeconds, queueTimeoutSeconds));
    }

    /** Drops a pool; refuses the default pool and a pool the classifier still maps principals to. */
    public static void drop(String name) throws SQLException {
        administer("DROP", name, () -> dropPool(name));
    }

    /** Maps a user or role to a pool, or (pool null) removes the mapping. */
    public static void classify(String principal, String poolName) throws SQLException {
        administer("CLASSIFY " + principal + " TO", poolName, () -> classifyPool(principal, poolName));
    }

    /** Checks the caller is an administrator, runs the change, audits it. */
    private static void administer(String verb, String pool, Body body) throws SQLException {
        String user;
        try {
            user = Authorization.requireAdmin(nested(), Actions.RESOURCE_POOL, pool,
                    "create, alter, drop or classify external resource pools");
        } catch (SQLException e) {
            throw ScriptErrors.forCaller(e);
        }
        try {
            body.run();
            AuditTrail.note(AuditEvent.of(user, Actions.RESOURCE_POOL, pool, Outcome.SUCCEEDED, verb + " " + pool));
        } catch (SQLException e) {
            AuditTrail.note(AuditEvent.of(user, Actions.RESOURCE_POOL, pool, Outcome.FAILED, verb + " " + pool
                    + ": " + e.getMessage()));
            throw ScriptErrors.forCaller(e);
        }
    }

    private interface Body {
        void run() throws SQLException;
    }

    private static void createPool(String name, Integer maxCpuPercent, Integer maxMemoryPercent, Integer maxProcesses,
                              String affinity, Integer maxDurationSeconds, Integer queueTimeoutSeconds)
            throws SQLException {
        String pool = poolName(name);
        Connection c = nested();
        var existing = ResourcePools.find(c, pool);
        if (existing.isPresent()) {
            throw invalid("external resource pool '" + existing.get().name() + "' already exists; change it with"
                    + " SQLML.ALTER_EXTERNAL_RESOURCE_POOL");
        }
        Options o = new Options(maxCpuPercent, maxMemoryPercent, maxProcesses, affinity, maxDurationSeconds,
                queueTimeoutSeconds).validate();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO SQLML.EXTERNAL_RESOURCE_POOLS ("
                + ResourcePools.COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
            ps.setString(1, pool);
            ps.setInt(2, or(o.cpu, ResourcePool.DEFAULT_CPU_PERCENT));
            ps.setInt(3, or(o.memory, ResourcePool.DEFAULT_MEMORY_PERCENT));
            ps.setInt(4, or(o.processes, ResourcePool.DEFAULT_MAX_PROCESSES));
            setAffinity(ps, 5, o.affinity == null ? AUTO : o.affinity);
            ps.setInt(6, or(o.duration, ResourcePool.DEFAULT_MAX_DURATION_SECONDS));
            ps.setInt(7, or(o.queueTimeout, ResourcePool.DEFAULT_QUEUE_TIMEOUT_SECONDS));
            ps.executeUpdate();
        }
    }

    private static void alterPool(String name, Integer maxCpuPercent, Integer maxMemoryPercent, Integer maxProcesses,
                             String affinity, Integer maxDurationSeconds, Integer queueTimeoutSeconds)
            throws SQLException {
        Connection c = nested();
        ResourcePool pool = existing(c, name);
        Options o = new Options(maxCpuPercent, maxMemoryPercent, maxProcesses, affinity, maxDurationSeconds,
                queueTimeoutSeconds).validate();
        try (PreparedStatement ps = c.prepareStatement("UPDATE SQLML.EXTERNAL_RESOURCE_POOLS SET MAX_CPU_PERCENT = ?,"
                + " MAX_MEMORY_PERCENT = ?, MAX_PROCESSES = ?, AFFINITY = ?, MAX_DURATION_SECONDS = ?,"
                + " QUEUE_TIMEOUT_SECONDS = ? WHERE NAME = ?")) {
            ps.setInt(1, or(o.cpu, pool.maxCpuPercent()));
            ps.setInt(2, or(o.memory, pool.maxMemoryPercent()));
            ps.setInt(3, or(o.processes, pool.maxProcesses()));
            if (o.affinity == null) {
                ps.setString(4, pool.affinity());
            } else {
                setAffinity(ps, 4, o.affinity);
            }
            ps.setInt(5, or(o.duration, pool.maxDurationSeconds()));
            ps.setInt(6, or(o.queueTimeout, pool.queueTimeoutSeconds()));
            ps.setString(7, pool.name());
            ps.executeUpdate();
        }
    }

    private static void dropPool(String name) throws SQLException {
        Connection c = nested();
        ResourcePool pool = existing(c, name);
        if (pool.isDefault()) {
            throw invalid("the default external resource pool cannot be dropped");
        }
        List<String> principals = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT PRINCIPAL FROM SQLML.EXTERNAL_POOL_CLASSIFIER WHERE POOL_NAME = ? ORDER BY PRINCIPAL")) {
            ps.setString(1, pool.name());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    principals.add(rs.getString(1));
                }
            }
        }
        if (!principals.isEmpty()) {
            throw invalid("external resource pool '" + pool.name() + "' cannot be dropped: the classifier maps "
                    + String.join(", ", principals) + " to it; map them elsewhere first, e.g. CALL"
                    + " SQLML.CLASSIFY_EXTERNAL_POOL('" + principals.get(0) + "', NULL)");
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM SQLML.EXTERNAL_RESOURCE_POOLS WHERE NAME = ?")) {
            ps.setString(1, pool.name());
            ps.executeUpdate();
        }
    }

    /**
     * Maps a user or role to a pool (SQL Server's classifier function, as a table). The
     * principal is a Derby authorization identifier: upper-cased unless double-quoted. A null
     * pool removes the mapping.
     */
    private static void classifyPool(String principal, String poolName) throws SQLException {
        String id = authorizationId(principal);
        Connection c = nested();
        if (poolName == null) {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM SQLML.EXTERNAL_POOL_CLASSIFIER WHERE PRINCIPAL = ?")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            return;
        }
        ResourcePool pool = existing(c, poolName);
        if (!Principals.userExists(c, id) && !Principals.roleExists(c, id)) {
            throw invalid("'" + id + "' is neither a user nor a role of this database (user names and roles are"
                    + " upper case unless created with double quotes)");
        }
        try (PreparedStatement u = c.prepareStatement(
                "UPDATE SQLML.EXTERNAL_POOL_CLASSIFIER SET POOL_NAME = ? WHERE PRINCIPAL = ?")) {
            u.setString(1, pool.name());
            u.setString(2, id);
            if (u.executeUpdate() == 1) {
                return;
            }
        }
        try (PreparedStatement i = c.prepareStatement("INSERT INTO SQLML.EXTERNAL_POOL_CLASSIFIER VALUES (?, ?)")) {
            i.setString(1, id);
            i.setString(2, pool.name());
            i.executeUpdate();
        }
    }

    /** Derby's normal form of an identifier: {@code bob} is {@code BOB}, {@code "bob"} stays {@code bob}. */
    static String authorizationId(String principal) throws SQLException {
        String p = principal == null ? "" : principal.strip();
        if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
            p = p.substring(1, p.length() - 1).replace("\"\"", "\"");
        } else {
            p = p.toUpperCase(Locale.ENGLISH);
        }
        if (p.isEmpty() || p.length() > 128) {
            throw invalid("PRINCIPAL '" + (principal == null ? "NULL" : principal) + "' is not a user or role name");
        }
        return p;
    }

    private static ResourcePool existing(Connection c, String name) throws SQLException {
        String pool = poolName(name);
        return ResourcePools.find(c, pool).orElseThrow(() -> invalid("there is no external resource pool named '"
                + pool + "'; see SELECT NAME FROM SQLML.EXTERNAL_RESOURCE_POOLS"));
    }

    private static String poolName(String name) throws SQLException {
        if (name == null || name.isBlank()) {
            throw invalid("an external resource pool needs a name");
        }
        String n = name.strip();
        if (n.length() > 128) {
            throw invalid("external resource pool name '" + n.substring(0, 20) + "...' is longer than 128 characters");
        }
        return n;
    }

    private static void setAffinity(PreparedStatement ps, int index, String affinity) throws SQLException {
        if (AUTO.equals(affinity)) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, affinity);
        }
    }

    private static int or(Integer value, int fallback) {
        return value != null ? value : fallback;
    }

    private static Connection nested() throws SQLException {
        return DriverManager.getConnection("jdbc:default:connection");
    }

    static SQLException invalid(String message) {
        return new SQLException(message, INVALID);
    }

    /** The options of a CREATE or ALTER, validated; affinity canonical ('0-1,3') or AUTO. */
    private static final class Options {
        final Integer cpu;
        final Integer memory;
        final Integer processes;
        String affinity;
        final Integer duration;
        final Integer queueTimeout;

        Options(Integer cpu, Integer memory, Integer processes, String affinity, Integer duration,
                Integer queueTimeout) {
            this.cpu = cpu;
            this.memory = memory;
            this.processes = processes;
            this.affinity = affinity;
            this.duration = duration;
            this.queueTimeout = queueTimeout;
        }

        Options validate() throws SQLException {
            percent("MAX_CPU_PERCENT", cpu);
            percent("MAX_MEMORY_PERCENT", memory);
            atLeastZero("MAX_PROCESSES", processes, " (0 = unlimited)");
            atLeastZero("MAX_DURATION_SECONDS", duration, " (0 = no limit)");
            atLeastZero("QUEUE_TIMEOUT_SECONDS", queueTimeout, " (0 = do not queue)");
            if (affinity != null) {
                if (affinity.strip().equalsIgnoreCase(AUTO)) {
                    affinity = AUTO;
                } else {
                    try {
                        affinity = ResourcePool.formatAffinity(ResourcePool.parseAffinity(affinity,
                                Runtime.getRuntime().availableProcessors()));
                    } catch (IllegalArgumentException e) {
                        throw invalid(e.getMessage());
                    }
                }
            }
            return this;
        }

        private static void percent(String option, Integer value) throws SQLException {
            if (value != null && (value < 1 || value > 100)) {
                throw invalid(option + " = " + value + " is out of range (1 to 100)");
            }
        }

        private static void atLeastZero(String option, Integer value, String meaningOfZero) throws SQLException {
            if (value != null && value < 0) {
                throw invalid(option + " = " + value + " is out of range (0 or more" + meaningOfZero + ")");
            }
        }
    }
}
