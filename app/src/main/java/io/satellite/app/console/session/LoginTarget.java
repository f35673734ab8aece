package io.satellite.app.console.session;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the console logs in: an embedded database in a data directory (the engine runs in the
 * console's own process, with its resource monitor) or a Satellite server at {@code host:port}
 * (Derby's network server; the console then sees the DMVs only).
 */
public record LoginTarget(Path dataDirectory, String host, int port) {
    public static final int DEFAULT_PORT = 1527;
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9.\\-]+|\\[[0-9a-fA-F:]+]):(\\d{1,5})");

    public static LoginTarget embedded(Path dataDirectory) {
        return new LoginTarget(dataDirectory.toAbsolutePath().normalize(), null, 0);
    }

    public static LoginTarget remote(String host, int port) {
        return new LoginTarget(null, host, port);
    }

    /**
     * Reads what the DBA typed: {@code host:port} is a server, anything else a data directory;
     * a blank field is the default data directory.
     */
    public static LoginTarget parse(String text, Path defaultDataDirectory) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            return embedded(defaultDataDirectory);
        }
        Matcher m = HOST_PORT.matcher(t);
        if (m.matches() && !t.contains("/")) {
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is out of range (1 to 65535)");
            }
            return remote(m.group(1), port);
        }
        if (t.startsWith("jdbc:") || t.contains("://")) {
            throw new IllegalArgumentException("give a data directory or host:port, not a URL: " + t);
        }
        return embedded(Path.of(t.startsWith("~/") ? System.getProperty("user.home") + t.substring(1) : t));
    }

    public boolean remote() {
        return host != null;
    }

    /** The JDBC URL of a server target. */
    public String jdbcUrl() {
        if (!remote()) {
            throw new IllegalStateException("an embedded target has no network URL");
        }
        return "jdbc:derby://" + host + ":" + port + "/" + io.satellite.engine.Engine.DATABASE_NAME;
    }

    /** As the DBA reads it: the directory, or {@code host:port}. */
    public String display() {
        return remote() ? host.toLowerCase(Locale.ROOT) + ":" + port : dataDirectory.toString();
    }
}
