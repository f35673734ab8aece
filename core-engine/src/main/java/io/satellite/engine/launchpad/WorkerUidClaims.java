package io.satellite.engine.launchpad;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Host-wide claims on worker uids, so that two engines of one host (two JVMs, each with its
 * own {@link WorkerAccounts}) never run workers as the same uid: a leased uid holds a one-byte
 * {@code fcntl} lock at offset uid of {@code /run/satellite/worker-uids.lock}. Taking or
 * dropping one is a system call, where asking the host whether a uid has processes costs a
 * fork. The kernel drops a process's locks when it dies, so a crashed engine's claims do not
 * outlive it.
 *
 * <p>The file lives in a directory only root may write (a lock file in a world-writable one
 * could be created first by anybody, who would then hold every uid), and only root may open it
 * (mode 0600: a read lock needs only read access, and would block every lease). Where that directory
 * cannot be had, there are no claims, and {@link #claim} always succeeds: uids are then only
 * kept apart within this JVM. POSIX drops every lock a process holds on a file when any of its
 * descriptors of the file is closed, so the JVM keeps one channel open for good.
 */
final class WorkerUidClaims {
    static final Path DEFAULT_FILE = Path.of("/run/satellite/worker-uids.lock");
    private static final Map<Path, WorkerUidClaims> OPEN = new ConcurrentHashMap<>();

    private final FileChannel channel;
    private final Map<Integer, FileLock> held = new ConcurrentHashMap<>();

    private WorkerUidClaims(FileChannel channel) {
        this.channel = channel;
    }

    /** The claims of this host, through {@code file}; the same object for every caller of this JVM. */
    static WorkerUidClaims at(Path file) {
        return OPEN.computeIfAbsent(file.toAbsolutePath(), WorkerUidClaims::open);
    }

    private static WorkerUidClaims open(Path file) {
        try {
            Path dir = file.getParent();
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
            Object owner = Files.getAttribute(dir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!Integer.valueOf(0).equals(owner) || mode.contains(PosixFilePermission.GROUP_WRITE)
                    || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                return new WorkerUidClaims(null);
            }
            FileChannel channel = FileChannel.open(file, Set.<java.nio.file.OpenOption>of(StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            // whoever may open the file may lock its bytes: only root, or a stranger's read locks block every lease
            if (!Integer.valueOf(0).equals(Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS))) {
                channel.close();
                return new WorkerUidClaims(null);
            }
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return new WorkerUidClaims(channel);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return new WorkerUidClaims(null);
        }
    }

    /** Whether claims are kept host-wide here (false: only within this JVM). */
    boolean hostWide() {
        return channel != null;
    }

    /** Claims {@code uid} for this engine; false if another engine (or another range of this JVM) holds it. */
    boolean claim(int uid) {
        if (channel == null) {
            return true;
        }
        try {
            FileLock lock = channel.tryLock(uid, 1, false);
            if (lock == null) {
                return false;
            }
            held.put(uid, lock);
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } catch (IOException e) {
            return true; // the lock file failed: the caller's check of the host's processes decides
        }
    }

    /** Gives {@code uid} back to the host. */
    void drop(int uid) {
        FileLock lock = held.remove(uid);
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException e) {
                // the channel is gone: so is the lock
            }
        }
    }
}
