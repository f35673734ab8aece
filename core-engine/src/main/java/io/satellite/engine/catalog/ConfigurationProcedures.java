package io.satellite.engine.catalog;

import io.satellite.engine.script.CallerWarnings;
import io.satellite.engine.script.ScriptErrors;
import io.satellite.engine.security.AuditEvent;
import io.satellite.engine.security.AuditEvent.Actions;
import io.satellite.engine.security.AuditEvent.Outcome;
import io.satellite.engine.security.AuditTrail;
import io.satellite.engine.security.Authorization;
import io.satellite.engine.script.ExternalScripts;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.List;
import java.util.Locale;

/**
 * {@code SQLML.SP_CONFIGURE} and {@code SQLML.RECONFIGURE}, as SQL Server's sp_configure and
 * RECONFIGURE: the first sets an option's configured value, the second puts configured
 * values in use. Only administrators may execute them (checked here; the procedures run
 * with the owner's rights). Changes are audited.
 */
public final class ConfigurationProcedures {
    private static final String PROCS = "io.satellite.engine.catalog.ConfigurationProcedures.";
    public static final String SCRIPTS_ENABLED = "external scripts enabled";
    /** As mssql-conf's extensibility.outboundnetworkaccess: workers may open network connections (at the next start). */
    public static final String OUTBOUND_NETWORK = "outbound network access";

    /** Warm workers per language, as SQL Server's PROCESS_POOL_SQLSATELLITE_GROWTH; -1 keeps the start-up option. */
    public static final String WORKER_POOL_SIZE = "external worker pool size";
    /** The resource monitor's sampling interval. */
    public static final String SAMPLING_INTERVAL = "usage sampling interval ms";

    /**
     * Catalog migration 11: options that apply when the engine next starts (IS_DYNAMIC = 0,
     * as sys.configurations): the outbound network switch, the warm pool's size and the
     * monitor's sampling interval.
     */
    static final Migration RESTART_OPTIONS = new Migration(11, "configuration: options applied at the next start",
            List.of("ALTER TABLE SQLML.CONFIGURATION ADD COLUMN IS_DYNAMIC SMALLINT NOT NULL DEFAULT 1",
                    "INSERT INTO SQLML.CONFIGURATION (NAME, VALUE, VALUE_IN_USE, MINIMUM, MAXIMUM, DESCRIPTION,"
                            + " IS_DYNAMIC) VALUES ('" + OUTBOUND_NETWORK + "', 0, 0, 0, 1, 'Lets R and Python"
                            + " workers open network connections (1) or keeps them in a network namespace of their"
                            + " own (0). Applied when the engine next starts.', 0)",
                    "INSERT INTO SQLML.CONFIGURATION (NAME, VALUE, VALUE_IN_USE, MINIMUM, MAXIMUM, DESCRIPTION,"
                            + " IS_DYNAMIC) VALUES ('" + WORKER_POOL_SIZE + "', -1, -1, -1, 64, 'Warm workers kept"
                            + " ready per language (0 = start each job cold; -1 = the start-up setting, 5 unless"
                            + " given). Applied when the engine next starts.', 0)",
                    "INSERT INTO SQLML.CONFIGURATION (NAME, VALUE, VALUE_IN_USE, MINIMUM, MAXIMUM, DESCRIPTION,"
                            + " IS_DYNAMIC) VALUES ('" + SAMPLING_INTERVAL + "', 1000, 1000, 250, 5000, 'How often"
                            + " the resource monitor samples every job''s CPU, memory and I/O (pool caps act after 2"
                            + " to 5 samples over their limit). Applied when the engine next starts.', 0)"));

    private ConfigurationProcedures() {
    }

    /** The procedures, for the security migration to re-create with administrator checks. */
    static List<String[]> definitions() {
        String java = " LANGUAGE JAVA PARAMETER STYLE JAVA MODIFIES SQL DATA";
        return List.of(
                new String[] {"SP_CONFIGURE", "(IN NAME VARCHAR(128), IN VALUE INT)" + java, PROCS + "configure"},
                new String[] {"RECONFIGURE", "()" + java, PROCS + "reconfigure"});
    }

    public static void configure(String name, Integer value) throws SQLException {
        try {
            Connection c = DriverManager.getConnection("jdbc:default:connection");
            String user = Authorization.requireAdmin(c, Actions.CONFIGURE, name, "change configuration options");
            try {
                set(c, name, value);
            } catch (SQLException e) {
                AuditTrail.note(AuditEvent.of(user, Actions.CONFIGURE, name, Outcome.FAILED, e.getMessage()));
                throw e;
            }
            AuditTrail.note(AuditEvent.of(user, Actions.CONFIGURE, name, Outcome.SUCCEEDED, "value " + value));
        } catch (SQLException e) {
            throw ScriptErrors.forCaller(e);
        }
    }

    private static void set(Connection c, String name, Integer value) throws SQLException {
        if (name == null || value == null) {
            throw new SQLException("sp_configure needs an option name and a value, e.g."
                    + " sp_configure 'external scripts enabled', 1", "38S07");
        }
        String key = name.trim().toLowerCase(Locale.ROOT);
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT VALUE, MINIMUM, MAXIMUM FROM SQLML.CONFIGURATION WHERE NAME = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("'" + name + "' is not a configuration option; see"
                            + " SELECT NAME FROM SQLML.CONFIGURATION", "38S07");
                }
                if (value < rs.getInt(2) || value > rs.getInt(3)) {
                    throw new SQLException("value " + value + " for '" + key + "' is out of range ("
                            + rs.getInt(2) + " to " + rs.getInt(3) + ")", "38S07");
                }
                int old = rs.getInt(1);
                try (PreparedStatement u = c.prepareStatement(
                        "UPDATE SQLML.CONFIGURATION SET VALUE = ? WHERE NAME = ?")) {
                    u.setInt(1, value);
                    u.setString(2, key);
                    u.executeUpdate();
                }
                CallerWarnings.add(new SQLWarning("Configuration option '" + key + "' changed from " + old
                        + " to " + value + (dynamic(c, key) ? ". Run the RECONFIGURE statement to install."
                        : ". It takes effect when the engine next starts."), "01S02"));
            }
        }
    }

    public static void reconfigure() throws SQLException {
        try {
            Connection c = DriverManager.getConnection("jdbc:default:connection");
            String user = Authorization.requireAdmin(c, Actions.RECONFIGURE, null, "run RECONFIGURE");
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE SQLML.CONFIGURATION SET VALUE_IN_USE = VALUE WHERE IS_DYNAMIC = 1")) {
                u.executeUpdate();
            }
            boolean enabled = valueInUse(c, SCRIPTS_ENABLED) == 1;
            ExternalScripts.running().ifPresent(s -> s.setEnabled(enabled));
            AuditTrail.note(AuditEvent.of(user, Actions.RECONFIGURE, null, Outcome.SUCCEEDED,
                    ConfigurationProcedures.SCRIPTS_ENABLED + " = " + (enabled ? 1 : 0)));
        } catch (SQLException e) {
            throw ScriptErrors.forCaller(e);
        }
    }

    private static boolean dynamic(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT IS_DYNAMIC FROM SQLML.CONFIGURATION WHERE NAME = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return !rs.next() || rs.getInt(1) == 1;
            }
        }
    }

    /** At start: the options applied at a start take their configured values. */
    public static void applyAtStart(Connection owner) throws SQLException {
        try (PreparedStatement u = owner.prepareStatement(
                "UPDATE SQLML.CONFIGURATION SET VALUE_IN_USE = VALUE WHERE IS_DYNAMIC = 0")) {
            u.executeUpdate();
        }
    }

    /** Every option's value in use, by name. */
    public static java.util.Map<String, Integer> inUse(Connection c) throws SQLException {
        java.util.Map<String, Integer> values = new java.util.TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT NAME, VALUE_IN_USE FROM SQLML.CONFIGURATION");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getInt(2));
            }
        }
        return values;
    }

    public static int valueInUse(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT VALUE_IN_USE FROM SQLML.CONFIGURATION WHERE NAME = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }
}
