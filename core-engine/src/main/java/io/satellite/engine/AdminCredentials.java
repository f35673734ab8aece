package io.satellite.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The password of the first-boot administrator {@code admin}: given by
 * {@code SATELLITE_ADMIN_PASSWORD}, or generated once and written to a file only its owner
 * can read ({@code <data>/admin-password}, mode 0600). The engine uses it for its own
 * catalog work; Derby stores only a salted hash.
 */
public final class AdminCredentials {
    public static final String USER = "ADMIN";
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private AdminCredentials() {
    }

    public static Path file(Path dataDirectory) {
        return dataDirectory.resolve("admin-password");
    }

    /** The password to use: the given one, else the one in the file, if any. */
    public static Optional<String> existing(Path dataDirectory, String given) throws IOException {
        if (given != null && !given.isEmpty()) {
            return Optional.of(given);
        }
        Path f = file(dataDirectory);
        if (Files.exists(f)) {
            return Optional.of(Files.readString(f, StandardCharsets.UTF_8).strip());
        }
        return Optional.empty();
    }

    /** Generates a password and writes it, readable by the owner only, to the file. */
    public static String generate(Path dataDirectory) throws IOException {
        SecureRandom random = new SecureRandom();
        StringBuilder pw = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            pw.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        Path f = file(dataDirectory);
        Files.deleteIfExists(f);
        Files.createFile(f, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(f, pw + "\n", StandardCharsets.UTF_8);
        return pw.toString();
    }
}
