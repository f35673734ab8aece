package io.satellite.engine.libraries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Where external libraries (R packages) live on disk, under the data directory:
 * {@code libraries/<language>/shared} for everyone and {@code libraries/<language>/private/<id>}
 * per user. The libraries tree is bound read-only into every runtime's sandbox; a job's
 * runtime is told only its own user's private library and the shared one. Private
 * directories are named by a keyed hash of the user name (the key stays in the data
 * directory, which no runtime can see) under a directory that cannot be listed, so one
 * user's scripts cannot find another user's private library.
 */
public final class LibraryLocations {
    private static final String KEY_FILE = "libraries.key";
    private final Path dataDirectory;
    private final Path root;
    private volatile byte[] key;

    public LibraryLocations(Path dataDirectory) {
        this.dataDirectory = dataDirectory.toAbsolutePath().normalize();
        this.root = this.dataDirectory.resolve("libraries");
    }

    /** The tree every runtime sees read-only; created (world-readable) if missing. */
    public Path root() {
        return root;
    }

    /** Creates the libraries tree so that it can be bound into sandboxes. */
    public void create() throws IOException {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Where package installs are staged before they move into a library (never seen by scripts). */
    public Path staging() {
        return dataDirectory.resolve("package-staging");
    }

    /** The shared library of a language, e.g. {@code libraries/r/shared}. */
    public Path shared(String language) {
        return root.resolve(languageDir(language)).resolve("shared");
    }

    /** The private library of {@code user} for a language. */
    public Path privateOf(String language, String user) {
        return privateRoot(language).resolve(privateName(user));
    }

    /** The directory holding every user's private library of a language (traversable, not listable). */
    public Path privateRoot(String language) {
        return root.resolve(languageDir(language)).resolve("private");
    }

    /**
     * The libraries a job of {@code user} searches, most specific first: the user's private
     * library, then the shared one; only those that exist.
     */
    public List<String> searchPaths(String language, String user) {
        List<String> paths = new ArrayList<>();
        for (Path p : List.of(privateOf(language, user), shared(language))) {
            if (Files.isDirectory(p)) {
                paths.add(p.toString());
            }
        }
        return paths;
    }

    /** Whether any library of the language holds anything (so a job may need one). */
    public boolean anyFor(String language) {
        return Files.isDirectory(root.resolve(languageDir(language)));
    }

    private static String languageDir(String language) {
        String l = language.strip().toLowerCase(Locale.ROOT);
        if (!l.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("'" + language + "' is not a language name");
        }
        return l;
    }

    private String privateName(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            byte[] h = mac.doFinal(user.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k != null) {
            return k;
        }
        synchronized (this) {
            if (key == null) {
                key = loadOrCreateKey();
            }
            return key;
        }
    }

    private byte[] loadOrCreateKey() {
        Path file = dataDirectory.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return Files.readAllBytes(file);
            }
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            Path tmp = dataDirectory.resolve(KEY_FILE + ".new");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(tmp, k);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create " + file, e);
        }
    }
}
