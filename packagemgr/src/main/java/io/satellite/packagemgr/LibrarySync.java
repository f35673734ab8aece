package io.satellite.packagemgr;

import io.satellite.engine.libraries.LibraryLocations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Makes library directories match the database (SQL Server's rxSyncPackages): packages
 * recorded but missing on disk, or there in another version, are installed again from their
 * stored tarballs (dependencies first); package directories nobody recorded are removed.
 * The shared library is synced before private ones, which may depend on it.
 */
final class LibrarySync {
    private final LibraryLocations locations;
    private final SandboxedInstall installer;
    private final Path staging;
    private final PackageOperationLog op;
    private final AtomicBoolean cancelled;

    LibrarySync(LibraryLocations locations, SandboxedInstall installer, Path staging, PackageOperationLog op,
                AtomicBoolean cancelled) {
        this.cancelled = cancelled;
        this.locations = locations;
        this.installer = installer;
        this.staging = staging;
        this.op = op;
    }

    /** Syncs every library ({@code onlyUser} null) or one user's private library. */
    PackageManager.Outcome run(Connection owner, String onlyUser) throws SQLException, IOException, InterruptedException {
        List<ExternalLibrary> all = ExternalLibraryStore.all(owner, PackageManager.LANGUAGE);
        Map<LibraryTarget, List<ExternalLibrary>> libraries = new LinkedHashMap<>();
        if (onlyUser == null) {
            libraries.put(LibraryTarget.of(locations, PackageManager.LANGUAGE, LibraryScope.SHARED, null), new ArrayList<>());
        }
        for (ExternalLibrary l : all) {
            LibraryTarget t = LibraryTarget.of(locations, l.language(), l.scope(), l.owner());
            if (onlyUser == null || (l.scope() == LibraryScope.PRIVATE && l.owner().equals(onlyUser))) {
                libraries.computeIfAbsent(t, k -> new ArrayList<>()).add(l);
            }
        }
        if (onlyUser != null) {
            libraries.putIfAbsent(LibraryTarget.of(locations, PackageManager.LANGUAGE, LibraryScope.PRIVATE, onlyUser),
                    new ArrayList<>());
        }
        List<String> changed = new ArrayList<>();
        int k = 0;
        for (var e : libraries.entrySet()) {
            op.step(k++, libraries.size(), "syncing " + e.getKey().describe());
            changed.addAll(sync(owner, e.getKey(), e.getValue()));
        }
        return new PackageManager.Outcome(0, changed, changed.isEmpty() ? "every library matches the database"
                : "synced: " + String.join("; ", changed));
    }

    private List<String> sync(Connection owner, LibraryTarget target, List<ExternalLibrary> recorded)
            throws SQLException, IOException, InterruptedException {
        Map<String, RVersion> onDisk = RuntimeLibrary.scan(target.directory());
        List<ExternalLibrary> missing = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ExternalLibrary l : recorded) {
            names.add(l.name());
            if (!l.version().equals(onDisk.get(l.name()))) {
                missing.add(l);
            }
        }
        List<String> stray = new ArrayList<>();
        if (Files.isDirectory(target.directory())) {
            try (var dirs = Files.list(target.directory())) {
                dirs.map(p -> p.getFileName().toString()).filter(n -> !names.contains(n) && !n.startsWith("00LOCK"))
                        .sorted().forEach(stray::add);
            }
        }
        if (missing.isEmpty() && stray.isEmpty()) {
            return List.of();
        }
        Path work = staging.resolve("library-" + Math.abs(target.directory().toString().hashCode()));
        Files.createDirectories(work);
        List<InstallRun.Item> items = new ArrayList<>();
        for (ExternalLibrary l : dependencyOrder(missing)) {
            Path tarball = work.resolve(l.name() + "_" + l.version() + ".tar.gz");
            ExternalLibraryStore.extract(owner, l, tarball);
            items.add(new InstallRun.Item(SourceTarball.describe(tarball), tarball));
        }
        List<Path> search = new ArrayList<>(List.of(target.directory()));
        if (target.scope() == LibraryScope.PRIVATE) {
            search.add(locations.shared(target.language()));
        }
        List<ExternalLibrary> strayRecords = stray.stream().map(n -> new ExternalLibrary(-1, n, RVersion.parse("0.0"),
                target.language(), target.scope(), target.owner(), "", java.time.Instant.EPOCH, List.of(), "", 0)).toList();
        new InstallRun(installer, work, target, search.stream().filter(Files::isDirectory).toList(), op,
                cancelled).reinstall(items, strayRecords);
        List<String> out = new ArrayList<>();
        missing.forEach(l -> out.add("restored " + l.name() + " " + l.version() + " in " + target.describe()));
        stray.forEach(n -> out.add("removed unrecorded " + n + " from " + target.describe()));
        return out;
    }

    /** Records ordered so that a package's dependencies among them come first. */
    static List<ExternalLibrary> dependencyOrder(List<ExternalLibrary> libs) {
        List<ExternalLibrary> out = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        List<ExternalLibrary> left = new ArrayList<>(libs);
        Set<String> names = new HashSet<>();
        libs.forEach(l -> names.add(l.name()));
        while (!left.isEmpty()) {
            ExternalLibrary next = left.stream()
                    .filter(l -> l.depends().stream().allMatch(d -> !names.contains(d) || placed.contains(d)))
                    .findFirst().orElse(left.get(0));
            left.remove(next);
            placed.add(next.name());
            out.add(next);
        }
        return out;
    }
}
