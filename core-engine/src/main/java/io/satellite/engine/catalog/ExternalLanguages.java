package io.satellite.engine.catalog;

import io.satellite.engine.launchpad.ExternalRuntime;
import io.satellite.engine.script.CallerWarnings;
import io.satellite.engine.script.ScriptErrors;
import io.satellite.engine.security.AuditEvent;
import io.satellite.engine.security.AuditEvent.Outcome;
import io.satellite.engine.security.AuditTrail;
import io.satellite.engine.security.Authorization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * External languages registered in configuration, as SQL Server's {@code CREATE EXTERNAL
 * LANGUAGE} / {@code sys.external_languages}: a name, the command that starts the runtime
 * ({@code {launcher}} marks where the launcher script's path goes), and the launcher
 * script, a file that speaks PROTOCOL.md. R and Python are built in; a row named R or
 * Python replaces the built-in command. Changes take effect when the engine next starts.
 */
public final class ExternalLanguages {
    private static final String PROCS = "io.satellite.engine.catalog.ExternalLanguages.";
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final String ACTION = "EXTERNAL LANGUAGE";

    /** Catalog migration 8: the registered languages and their procedures. */
    static final Migration MIGRATION = new Migration(8, "external languages registered in configuration", List.of(
            "CREATE TABLE SQLML.EXTERNAL_LANGUAGES (LANGUAGE VARCHAR(64) NOT NULL PRIMARY KEY,"
                    + " COMMAND VARCHAR(4000) NOT NULL, LAUNCHER VARCHAR(1000) NOT NULL,"
                    + " CREATED_BY VARCHAR(128) NOT NULL, CREATED_AT TIMESTAMP NOT NULL)",
            "GRANT SELECT ON SQLML.EXTERNAL_LANGUAGES TO PUBLIC",
            "CREATE PROCEDURE SQLML.CREATE_EXTERNAL_LANGUAGE(IN LANGUAGE VARCHAR(64), IN COMMAND VARCHAR(4000),"
                    + " IN LAUNCHER VARCHAR(1000)) LANGUAGE JAVA PARAMETER STYLE JAVA MODIFIES SQL DATA"
                    + " EXTERNAL SECURITY DEFINER EXTERNAL NAME '" + PROCS + "create'",
            "GRANT EXECUTE ON PROCEDURE SQLML.CREATE_EXTERNAL_LANGUAGE TO PUBLIC",
            "CREATE PROCEDURE SQLML.DROP_EXTERNAL_LANGUAGE(IN LANGUAGE VARCHAR(64)) LANGUAGE JAVA"
                    + " PARAMETER STYLE JAVA MODIFIES SQL DATA EXTERNAL SECURITY DEFINER EXTERNAL NAME '"
                    + PROCS + "drop'",
            "GRANT EXECUTE ON PROCEDURE SQLML.DROP_EXTERNAL_LANGUAGE TO PUBLIC"));

    private ExternalLanguages() {
    }

    /** The languages to run: the built-in ones, with registered ones added or put in their place. */
    public static List<ExternalRuntime> runtimes(Connection owner, List<ExternalRuntime> builtIn) throws SQLException {
        List<ExternalRuntime> out = new ArrayList<>(builtIn);
        try (Statement s = owner.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT LANGUAGE, COMMAND, LAUNCHER FROM SQLML.EXTERNAL_LANGUAGES ORDER BY LANGUAGE")) {
            while (rs.next()) {
                String language = rs.getString(1);
                Path launcher = Path.of(rs.getString(3));
                if (!Files.isReadable(launcher)) {
                    System.err.println("satellite: external language " + language + " is not available: its"
                            + " launcher " + launcher + " cannot be read");
                    continue;
                }
                out.removeIf(rt -> rt.language().equalsIgnoreCase(language));
                out.add(ExternalRuntime.registered(language, rs.getString(2), launcher));
            }
        }
        return out;
    }

    public static void create(String language, String command, String launcher) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:default:connection");
        try {
            String user = Authorization.requireAdmin(c, ACTION, language, "register external languages");
            try {
                check(language, command, launcher);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO SQLML.EXTERNAL_LANGUAGES VALUES"
                        + " (?, ?, ?, ?, CURRENT_TIMESTAMP)")) {
                    ps.setString(1, language.strip());
                    ps.setString(2, command.strip());
                    ps.setString(3, Path.of(launcher.strip()).toAbsolutePath().normalize().toString());
                    ps.setString(4, user);
                    ps.executeUpdate();
                } catch (SQLException e) {
                    if ("23505".equals(e.getSQLState())) {
                        throw invalid("external language " + language + " is already registered; drop it first");
                    }
                    throw e;
                }
            } catch (SQLException e) {
                AuditTrail.note(AuditEvent.of(user, ACTION, language, Outcome.FAILED, "CREATE: " + e.getMessage()));
                throw e;
            }
            AuditTrail.note(AuditEvent.of(user, ACTION, language, Outcome.SUCCEEDED, "CREATE: " + command + " "
                    + launcher));
            CallerWarnings.add(new SQLWarning("External language " + language + " is registered; it can be used"
                    + " once the engine restarts.", "01S03"));
        } catch (SQLException e) {
            throw ScriptErrors.forCaller(e);
        }
    }

    public static void drop(String language) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:default:connection");
        try {
            String user = Authorization.requireAdmin(c, ACTION, language, "drop external languages");
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM SQLML.EXTERNAL_LANGUAGES WHERE UPPER(LANGUAGE) = ?")) {
                ps.setString(1, language == null ? "" : language.strip().toUpperCase(Locale.ROOT));
                if (ps.executeUpdate() == 0) {
                    throw invalid("there is no registered external language " + language);
                }
            }
            AuditTrail.note(AuditEvent.of(user, ACTION, language, Outcome.SUCCEEDED, "DROP"));
        } catch (SQLException e) {
            throw ScriptErrors.forCaller(e);
        }
    }

    private static void check(String language, String command, String launcher) throws SQLException {
        if (language == null || !NAME.matcher(language.strip()).matches()) {
            throw invalid("'" + language + "' is not a valid language name (letters, digits and _)");
        }
        if (command == null || command.isBlank()) {
            throw invalid("the command that starts the " + language + " runtime is required, e.g."
                    + " '/usr/bin/python3 -u {launcher}'");
        }
        if (launcher == null || launcher.isBlank() || !Files.isRegularFile(Path.of(launcher.strip()))) {
            throw invalid("the launcher script '" + launcher + "' is not a file the engine can read");
        }
    }

    private static SQLException invalid(String message) {
        return new SQLException(message, "38S07");
    }
}
