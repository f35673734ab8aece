package io.satellite.packagemgr;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The packages that come with the R runtime itself: its library (base and recommended
 * packages) and site libraries (Debian's r-cran-* packages). They are always visible to
 * scripts and never installed or removed by Satellite.
 */
public record RuntimeLibrary(List<Path> directories) {

    /** Debian's R: {@code /usr/lib/R/library} and the site libraries. */
    public static RuntimeLibrary debian() {
        return new RuntimeLibrary(List.of(Path.of("/usr/lib/R/library"), Path.of("/usr/lib/R/site-library"),
                Path.of("/usr/local/lib/R/site-library")));
    }

    /** Package name to version, first library wins. */
    public Map<String, RVersion> packages() {
        Map<String, RVersion> out = new LinkedHashMap<>();
        for (Path dir : directories) {
            out.putAll(scan(dir).entrySet().stream().filter(e -> !out.containsKey(e.getKey()))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        }
        return out;
    }

    /** The version of R (the version of its base package). */
    public RVersion rVersion() {
        RVersion base = packages().get("base");
        if (base == null) {
            throw new PackageException(PackageException.INVALID, "R is not installed: no base package in "
                    + directories + " (install r-base-core)");
        }
        return base;
    }

    /** The packages installed in one library directory: name to version, from their DESCRIPTION files. */
    public static Map<String, RVersion> scan(Path library) {
        Map<String, RVersion> out = new LinkedHashMap<>();
        if (!Files.isDirectory(library)) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(library)) {
            for (Path d : dirs.sorted().toList()) {
                Path description = d.resolve("DESCRIPTION");
                if (!Files.isRegularFile(description)) {
                    continue;
                }
                try {
                    PackageDescription p = PackageDescription.parse(Files.readString(description, StandardCharsets.UTF_8));
                    out.put(p.name(), p.version());
                } catch (IOException | IllegalArgumentException e) {
                    // a broken package directory is not a package
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
