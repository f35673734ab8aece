package io.satellite.engine.launchpad.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Where the host's helper programs are, and who the engine runs as. */
final class Tools {
    private static final Map<String, Optional<String>> FOUND = new ConcurrentHashMap<>();

    private Tools() {
    }

    /** The absolute path of an executable on PATH or in the usual system directories. */
    static Optional<String> find(String name) {
        return FOUND.computeIfAbsent(name, Tools::search);
    }

    private static Optional<String> search(String name) {
        Set<String> dirs = new LinkedHashSet<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(java.util.Arrays.asList(path.split(":")));
        }
        dirs.addAll(java.util.List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin"));
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    /** Whether the engine's real uid is 0 (from /proc/self/status). */
    static boolean engineIsRoot() {
        return engineUid() == 0;
    }

    static int engineUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: treat as unprivileged
        }
        return -1;
    }
}
