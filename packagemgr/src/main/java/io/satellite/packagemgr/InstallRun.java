package io.satellite.packagemgr;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Installs packages into one library, all or nothing: each tarball is installed with
 * {@code R CMD INSTALL} (in the sandbox) into a staging directory, in dependency order;
 * only when all succeeded are the package directories moved into the library and their
 * records (tarball included) written, in one transaction. Any failure before that leaves the
 * library and its records exactly as they were.
 */
final class InstallRun {
    /** A package to install: its name, version, dependencies and tarball. */
    record Item(PackageDescription description, Path tarball) {
    }

    private final SandboxedInstall installer;
    private final Path staging;
    private final LibraryTarget target;
    private final List<Path> searchAfter;
    private final PackageProgress progress;
    private final AtomicBoolean cancelled;

    /**
     * @param staging     a fresh directory of this operation (deleted by the caller)
     * @param searchAfter libraries the installs may take dependencies from, after the staged ones
     */
    InstallRun(SandboxedInstall installer, Path staging, LibraryTarget target, List<Path> searchAfter,
               PackageProgress progress, AtomicBoolean cancelled) {
        this.installer = installer;
        this.staging = staging;
        this.target = target;
        this.searchAfter = searchAfter;
        this.progress = progress;
        this.cancelled = cancelled;
    }

    /**
     * Installs {@code items} (dependencies first) and removes {@code removed} (package
     * names) in the same change; records are written by {@code owner}, as {@code user}.
     */
    void run(List<Item> items, List<ExternalLibrary> removed, Connection owner, String user)
            throws IOException, InterruptedException, SQLException {
        List<Path> copies = stage(items);
        LibraryDirectory.Change change = apply(items, removed);
        boolean auto = owner.getAutoCommit();
        try {
            owner.setAutoCommit(false);
            for (ExternalLibrary r : removed) {
                ExternalLibraryStore.delete(owner, r);
            }
            for (int k = 0; k < items.size(); k++) {
                ExternalLibraryStore.put(owner, record(items.get(k).description(), copies.get(k), user), copies.get(k));
            }
            owner.commit();
        } catch (SQLException | IOException | RuntimeException e) {
            owner.rollback();
            change.undo();
            throw e;
        } finally {
            owner.setAutoCommit(auto);
        }
        change.commit();
    }

    /** Rebuilds packages on disk from their records (no record changes); {@code stray} directories go. */
    void reinstall(List<Item> items, List<ExternalLibrary> stray)
            throws IOException, InterruptedException {
        stage(items);
        apply(items, stray).commit();
    }

    /** Installs every item into {@code staging/lib}, in order; returns the tarballs' copies. */
    private List<Path> stage(List<Item> items) throws IOException, InterruptedException {
        Path lib = staging.resolve("lib");
        Files.createDirectories(lib);
        List<Path> search = new ArrayList<>(List.of(lib));
        search.addAll(searchAfter);
        List<Path> copies = new ArrayList<>();
        int n = items.size();
        for (int k = 0; k < n; k++) {
            Item item = items.get(k);
            if (cancelled.get()) {
                throw new PackageException(PackageException.INSTALL_FAILED, "the install was cancelled");
            }
            progress.step(k, n, "installing " + item.description() + " (" + (k + 1) + " of " + n + ")");
            Path copy = staging.resolve(item.tarball().getFileName().toString());
            if (!copy.equals(item.tarball())) {
                Files.copy(item.tarball(), copy, StandardCopyOption.REPLACE_EXISTING);
            }
            copies.add(copy);
            installer.run(staging, copy, search, progress, cancelled);
            if (!Files.isDirectory(lib.resolve(item.description().name()))) {
                throw new PackageException(PackageException.INSTALL_FAILED, "R CMD INSTALL of "
                        + item.tarball().getFileName() + " installed no package named " + item.description().name());
            }
        }
        return copies;
    }

    private LibraryDirectory.Change apply(List<Item> items, List<ExternalLibrary> removed) throws IOException {
        Path lib = staging.resolve("lib");
        progress.step(items.size(), items.size(), "moving " + items.size() + " package(s) into " + target.describe()
                + (removed.isEmpty() ? "" : ", removing " + removed.size()));
        List<Path> staged = items.stream().map(i -> lib.resolve(i.description().name())).toList();
        return target.open().apply(staged, removed.stream().map(ExternalLibrary::name).toList(),
                staging.resolve("replaced"));
    }

    private ExternalLibrary record(PackageDescription d, Path tarball, String user) throws IOException {
        List<String> deps = d.hardDependencies().stream().filter(s -> !s.isR()).map(DependencySpec::name)
                .distinct().toList();
        return new ExternalLibrary(0, d.name(), d.version(), target.language(), target.scope(), target.owner(), user,
                Instant.now(), deps, sha256(tarball), Files.size(tarball));
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
