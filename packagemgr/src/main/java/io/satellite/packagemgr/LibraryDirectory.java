package io.satellite.packagemgr;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One library directory on disk (the shared one or a user's private one). Changes are made
 * by moving whole package directories: new ones are staged elsewhere on the same file
 * system, the ones they replace are moved aside, and {@link Change#undo} puts everything
 * back; so a failed operation leaves the library exactly as it was.
 */
final class LibraryDirectory {
    private final Path dir;

    LibraryDirectory(Path dir) {
        this.dir = dir;
    }

    Path path() {
        return dir;
    }

    /** The packages in it, by their DESCRIPTION files. */
    java.util.Map<String, RVersion> packages() {
        return RuntimeLibrary.scan(dir);
    }

    /** Creates the directory (readable by the runtimes' uid) if missing. */
    void create() throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_EXECUTE));
    }

    /**
     * Moves the staged package directories {@code staged} into the library (replacing
     * packages of the same name) and the packages named in {@code removed} out of it, into
     * {@code aside}. Returns the change, to {@link Change#commit} or {@link Change#undo}.
     */
    Change apply(List<Path> staged, List<String> removed, Path aside) throws IOException {
        Change change = new Change(aside);
        try {
            Files.createDirectories(aside);
            create();
            for (String name : removed) {
                change.moveAside(dir.resolve(name));
            }
            for (Path p : staged) {
                Path target = dir.resolve(p.getFileName().toString());
                change.moveAside(target);
                handBackToEngine(p);
                Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
                change.added.add(target);
            }
            return change;
        } catch (IOException | RuntimeException e) {
            change.undo();
            throw e;
        }
    }

    /** One set of moves into and out of the library. */
    static final class Change {
        private final Path aside;
        private final List<Path> added = new ArrayList<>();
        private final List<Path[]> movedAside = new ArrayList<>();

        private Change(Path aside) {
            this.aside = aside;
        }

        private void moveAside(Path existing) throws IOException {
            if (Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
                Path to = aside.resolve(existing.getFileName().toString());
                Files.move(existing, to, StandardCopyOption.ATOMIC_MOVE);
                movedAside.add(new Path[] {existing, to});
            }
        }

        /** Puts the library back as it was. */
        void undo() throws IOException {
            for (int i = added.size() - 1; i >= 0; i--) {
                deleteTree(added.get(i));
            }
            for (int i = movedAside.size() - 1; i >= 0; i--) {
                Files.move(movedAside.get(i)[1], movedAside.get(i)[0], StandardCopyOption.ATOMIC_MOVE);
            }
            added.clear();
            movedAside.clear();
        }

        /** Keeps the change: what was moved aside is deleted. */
        void commit() throws IOException {
            deleteTree(aside);
        }
    }

    /**
     * Files written in the sandbox belong to the runtimes' uid; in the library they belong to
     * the engine, readable (not writable) by everyone.
     */
    private void handBackToEngine(Path tree) throws IOException {
        UserPrincipal engine = Files.getOwner(dir.getParent());
        Files.walkFileTree(tree, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                fix(d, true);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (!attrs.isSymbolicLink()) {
                    fix(f, false);
                }
                return FileVisitResult.CONTINUE;
            }

            private void fix(Path p, boolean directory) throws IOException {
                if (!Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).equals(engine)) {
                    Files.setOwner(p, engine);
                }
                Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(p));
                perms.removeAll(EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
                perms.addAll(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ));
                if (directory || perms.contains(PosixFilePermission.OWNER_EXECUTE)) {
                    perms.addAll(EnumSet.of(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.GROUP_EXECUTE,
                            PosixFilePermission.OTHERS_EXECUTE));
                }
                Files.setPosixFilePermissions(p, perms);
            }
        });
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(p)) {
            for (Path x : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
