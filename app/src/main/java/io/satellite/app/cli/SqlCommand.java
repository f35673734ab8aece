package io.satellite.app.cli;

import io.satellite.engine.AdminCredentials;
import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.monitor.ResourceMonitor;
import io.satellite.engine.sql.SqlSession;
import io.satellite.engine.sql.StatementFailure;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code satellite sql [--data DIR | --url JDBC_URL] --user U [--password P] [--csv]
 * ("statements" | -f FILE)}: runs statements (T-SQL forms included) and prints the results.
 */
public final class SqlCommand {
    public static final String USAGE = "satellite sql [--data DIR | --url JDBC_URL] --user USER [--password PW]"
            + " [--csv] (\"STATEMENTS\" | -f FILE)";
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;

    public SqlCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    /** Runs the command; returns the process exit status. */
    public int run(String[] args) throws IOException {
        Arguments a = Arguments.parse(args, Set.of("data", "url", "user", "password", "f", "file"), Set.of("csv"));
        String batch = batch(a);
        if (a.has("data") && a.has("url")) {
            throw new UsageException("give --data or --url, not both");
        }
        String user = a.get("user");
        if (user == null) {
            throw new UsageException("--user is required");
        }
        try {
            if (a.has("url")) {
                try (Connection c = DriverManager.getConnection(a.get("url"), user, password(a, user, null))) {
                    return execute(c, batch, a.has("csv"));
                }
            }
            EngineOptions options = EngineOptions.fromEnvironment(a.has("data") ? Path.of(a.get("data")) : null, env);
            try (Engine engine = Engine.start(options); ResourceMonitor monitor = ResourceMonitor.start(engine)) {
                engine.generatedPasswordFile().ifPresent(f -> err.println("Created a new Satellite database in "
                        + engine.dataDirectory() + "; the password of user admin is in " + f + " (mode 0600)."));
                try (Connection c = engine.connect(user, password(a, user, engine.dataDirectory()))) {
                    return execute(c, batch, a.has("csv"));
                }
            }
        } catch (SQLException e) {
            err.println("ERROR " + e.getSQLState() + ": " + e.getMessage());
            return 1;
        }
    }

    private int execute(Connection c, String batch, boolean csv) {
        try {
            new SqlSession(c).execute(batch, new ResultPrinter(out, err, csv));
            return 0;
        } catch (StatementFailure f) {
            err.println("ERROR " + f.getSQLState() + " in statement " + f.index() + ": " + f.getMessage());
            return 1;
        } catch (SQLException e) {
            err.println("ERROR " + e.getSQLState() + ": " + e.getMessage());
            return 1;
        }
    }

    private static String batch(Arguments a) throws IOException {
        String file = a.has("f") ? a.get("f") : a.get("file");
        if (file != null) {
            if (!a.positional().isEmpty()) {
                throw new UsageException("give statements or -f FILE, not both");
            }
            return Files.readString(Path.of(file), StandardCharsets.UTF_8);
        }
        if (a.positional().size() != 1) {
            throw new UsageException("give the statements as one argument (quoted), or -f FILE");
        }
        return a.positional().get(0);
    }

    /** --password, else $SATELLITE_PASSWORD, else admin's password file, else a prompt. */
    private String password(Arguments a, String user, Path dataDirectory) throws IOException {
        if (a.has("password")) {
            return a.get("password");
        }
        String fromEnv = env.get("SATELLITE_PASSWORD");
        if (fromEnv != null) {
            return fromEnv;
        }
        if (dataDirectory != null && user.toUpperCase(Locale.ROOT).equals(AdminCredentials.USER)) {
            var known = AdminCredentials.existing(dataDirectory, env.get("SATELLITE_ADMIN_PASSWORD"));
            if (known.isPresent()) {
                return known.get();
            }
        }
        Console console = System.console();
        if (console == null) {
            throw new UsageException("no password: give --password, set SATELLITE_PASSWORD, or run in a terminal");
        }
        return new String(console.readPassword("Password for %s: ", user));
    }
}
