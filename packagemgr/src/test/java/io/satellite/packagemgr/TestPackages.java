package io.satellite.packagemgr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real R source packages for tests, built with {@code R CMD build}. */
final class TestPackages {
    private TestPackages() {
    }

    /**
     * Builds package {@code name} {@code version} whose DESCRIPTION adds {@code extraFields}
     * (e.g. "Imports: b (>= 1.1)") and whose R code is {@code code}; returns the tarball, in {@code into}.
     */
    static Path build(Path work, Path into, String name, String version, String extraFields, String code,
                      String exports) throws IOException, InterruptedException {
        Path src = work.resolve("src-" + name + "-" + version).resolve(name);
        Files.createDirectories(src.resolve("R"));
        Files.writeString(src.resolve("DESCRIPTION"), "Package: " + name + "\nVersion: " + version + "\nTitle: Test"
                + " package " + name + "\nDescription: A package built by a test.\nAuthor: Satellite tests\n"
                + "Maintainer: Satellite tests <tests@example.org>\nLicense: MIT\n"
                + (extraFields.isEmpty() ? "" : extraFields + "\n"), StandardCharsets.UTF_8);
        Files.writeString(src.resolve("NAMESPACE"), exports.isEmpty() ? "" : "export(" + exports + ")\n");
        Files.writeString(src.resolve("R").resolve(name + ".R"), code + "\n");
        Files.createDirectories(into);
        Process p = new ProcessBuilder("R", "CMD", "build", "--no-build-vignettes", "--no-manual", src.toString())
                .directory(into.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("R CMD build of " + name + " failed:\n" + out);
        }
        Path tarball = into.resolve(name + "_" + version + ".tar.gz");
        if (!Files.isRegularFile(tarball)) {
            throw new IOException("R CMD build did not write " + tarball + ":\n" + out);
        }
        return tarball;
    }

    /** Writes {@code src/contrib/PACKAGES} with R's own {@code tools::write_PACKAGES}. */
    static void writeIndex(Path contrib) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("Rscript", "--vanilla", "-e", "tools::write_PACKAGES('" + contrib + "',"
                + " type = 'source')").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("tools::write_PACKAGES failed:\n" + out);
        }
    }

    /** The package directories of a library, sorted (what is on disk). */
    static List<String> listing(Path library) throws IOException {
        if (!Files.isDirectory(library)) {
            return List.of();
        }
        try (var s = Files.list(library)) {
            return s.map(x -> x.getFileName().toString()).sorted().toList();
        }
    }
}
