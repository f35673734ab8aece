package io.satellite.packagemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Repositories and tarballs made with the system's tar (no R needed). */
class PackageRepositoryTest {
    @TempDir
    Path dir;

    private Path tarball(Path into, String name, String version, String depends) throws Exception {
        Path src = dir.resolve("src-" + name + version).resolve(name);
        Files.createDirectories(src.resolve("R"));
        Files.writeString(src.resolve("DESCRIPTION"), "Package: " + name + "\nVersion: " + version
                + (depends.isEmpty() ? "" : "\nDepends: " + depends) + "\nTitle: T\n");
        Files.writeString(src.resolve("R").resolve("x.R"), "x <- 1\n");
        Files.createDirectories(into);
        Path out = into.resolve(name + "_" + version + ".tar.gz");
        Process p = new ProcessBuilder("tar", "-czf", out.toString(), "-C", src.getParent().toString(), name)
                .redirectErrorStream(true).start();
        assertEquals(0, p.waitFor());
        return out;
    }

    @Test
    void aTarballsDescriptionIsReadWithoutUnpacking() throws Exception {
        Path t = tarball(dir.resolve("t"), "alpha", "1.2.3", "R (>= 3.5), beta (>= 0.1)");
        PackageDescription d = SourceTarball.describe(t);
        assertEquals("alpha", d.name());
        assertEquals("1.2.3", d.version().toString());
        assertEquals("beta", d.depends().get(1).name());
    }

    @Test
    void somethingElseIsNotAPackage() throws Exception {
        Path plain = dir.resolve("notes.tar.gz");
        Files.writeString(plain, "hello");
        IOException e = assertThrows(IOException.class, () -> SourceTarball.describe(plain));
        assertTrue(e.getMessage().contains("not an R source package"), e.getMessage());
        Path empty = dir.resolve("empty.tar.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(empty))) {
            out.write(new byte[1024]);
        }
        IOException none = assertThrows(IOException.class, () -> SourceTarball.describe(empty));
        assertTrue(none.getMessage().contains("has no <package>/DESCRIPTION"), none.getMessage());
    }

    @Test
    void aPlainFolderIsIndexedFromItsTarballs() throws Exception {
        Path folder = dir.resolve("folder");
        tarball(folder, "alpha", "1.0", "");
        tarball(folder, "alpha", "1.1", "");
        tarball(folder, "beta", "0.1", "alpha");
        Files.writeString(folder.resolve("README.tar.gz"), "not a package");
        List<RepositoryPackage> offered = new PackageRepository("local", folder).packages();
        assertEquals(List.of("alpha 1.0", "alpha 1.1", "beta 0.1"),
                offered.stream().map(p -> p.description().toString()).toList());
        assertEquals(folder.resolve("beta_0.1.tar.gz"), offered.get(2).tarball());
    }

    @Test
    void aCranIndexIsReadPlainOrGzipped() throws Exception {
        Path contrib = dir.resolve("cran/src/contrib");
        Files.createDirectories(contrib);
        String index = "Package: alpha\nVersion: 2.0\nDepends: R (>= 4.0)\n\nPackage: beta\nVersion: 1.0\nImports: alpha\n";
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(contrib.resolve("PACKAGES.gz")))) {
            out.write(index.getBytes(StandardCharsets.UTF_8));
        }
        List<RepositoryPackage> offered = new PackageRepository("cran", dir.resolve("cran")).packages();
        assertEquals(List.of("alpha 2.0", "beta 1.0"), offered.stream().map(p -> p.description().toString()).toList());
        assertEquals(contrib.resolve("alpha_2.0.tar.gz"), offered.get(0).tarball());
    }
}
