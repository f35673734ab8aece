package io.satellite.packagemgr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A package repository on a file path: either CRAN's layout ({@code src/contrib/PACKAGES}, as
 * R's {@code tools::write_PACKAGES} writes it, plain or gzipped, with the tarballs next to
 * it), or a plain folder of source tarballs, indexed on demand by reading each tarball's
 * DESCRIPTION.
 */
public record PackageRepository(String name, Path location) {

    /** Every package the repository offers. */
    public List<RepositoryPackage> packages() throws IOException {
        if (!Files.isDirectory(location)) {
            throw new IOException("package repository " + name + ": " + location + " is not a directory");
        }
        Path contrib = location.resolve("src").resolve("contrib");
        Path index = contrib.resolve("PACKAGES");
        Path gzIndex = contrib.resolve("PACKAGES.gz");
        if (Files.isRegularFile(index)) {
            return fromIndex(Files.readString(index, StandardCharsets.UTF_8), contrib);
        }
        if (Files.isRegularFile(gzIndex)) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(gzIndex))) {
                return fromIndex(new String(in.readAllBytes(), StandardCharsets.UTF_8), contrib);
            }
        }
        return scan(Files.isDirectory(contrib) ? contrib : location);
    }

    private List<RepositoryPackage> fromIndex(String text, Path contrib) {
        List<RepositoryPackage> out = new ArrayList<>();
        for (var record : DcfParser.parse(text)) {
            PackageDescription d;
            try {
                d = PackageDescription.fromDcf(record);
            } catch (IllegalArgumentException e) {
                continue; // an unreadable record offers nothing; the others stay usable
            }
            String file = d.field("File").orElse(d.name() + "_" + d.version() + ".tar.gz");
            String path = d.field("Path").map(p -> p + "/" + file).orElse(file);
            out.add(new RepositoryPackage(name, d, contrib.resolve(path).normalize()));
        }
        return out;
    }

    private List<RepositoryPackage> scan(Path dir) throws IOException {
        List<RepositoryPackage> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".tar.gz")).sorted().toList()) {
                try {
                    out.add(new RepositoryPackage(name, SourceTarball.describe(f), f));
                } catch (IOException e) {
                    // not a package: a plain folder may hold other archives
                }
            }
        }
        return out;
    }
}
