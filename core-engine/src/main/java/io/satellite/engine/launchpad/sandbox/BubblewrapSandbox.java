package io.satellite.engine.launchpad.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * bubblewrap: a fresh mount namespace that contains only what is bound into it, so the
 * engine's data directory and other jobs' directories are not there at all. The command
 * runs as a child of bwrap's init (PID 1 of the new PID namespace), so killing bwrap or
 * its parent takes the whole tree ({@code --die-with-parent}).
 *
 * <p>The writable directory is the only writable place: the sandbox's own root, /tmp and
 * /dev are remounted read-only once everything is bound, and {@code TMPDIR} points into the
 * writable directory. This matters where the engine is not root: bwrap's tmpfs mounts then
 * belong to the engine's user, which is also every worker's, so a writable /tmp (or /) would
 * be one place that all the jobs of a zygote share, and where one job finds what the job
 * before it left (measured: a file in /tmp and R's tempdir() were both there for the next job).
 * A sandbox that holds one job only may have a writable /dev/shm of its own
 * ({@link SandboxSpec#ownDevShm}).
 */
public final class BubblewrapSandbox implements Sandbox {
    /** System directories bound read-only where they exist (a symlink is recreated as one). */
    static final List<String> SYSTEM_DIRS = List.of("/usr", "/bin", "/lib", "/lib64", "/etc");
    static final String PATH = "/usr/local/bin:/usr/bin:/bin";

    private final String bwrap;
    private volatile Boolean sizesTmpfs;

    public BubblewrapSandbox(String bwrapPath) {
        this.bwrap = bwrapPath;
    }

    @Override
    public String name() {
        return "bubblewrap";
    }

    @Override
    public List<String> wrap(List<String> command, SandboxSpec spec) {
        String work = spec.writableDir().toString();
        List<String> c = new ArrayList<>(List.of(bwrap, "--die-with-parent", "--unshare-pid"));
        if (!spec.outboundNetwork()) {
            c.add("--unshare-net");
        }
        c.addAll(List.of("--unshare-ipc", "--unshare-uts", "--new-session"));
        for (String dir : SYSTEM_DIRS) {
            bindSystem(c, Path.of(dir));
        }
        // /tmp comes before the writable dir: a job directory under /tmp is bound over the tmpfs
        c.addAll(List.of("--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"));
        if (spec.ownDevShm() && sizesTmpfs()) {
            // not remounted read-only with /dev (bwrap's --remount-ro is not recursive)
            c.addAll(List.of("--perms", "1777", "--size", Long.toString(SandboxSpec.DEV_SHM_BYTES), "--tmpfs", "/dev/shm"));
        }
        Set<Path> made = new HashSet<>();
        parents(c, spec.writableDir(), made);
        c.addAll(List.of("--bind", work, work));
        for (Path ro : spec.readOnlyPaths()) {
            parents(c, ro, made);
            c.addAll(List.of("--ro-bind", ro.toString(), ro.toString()));
        }
        for (Path hidden : spec.hiddenPaths()) {
            if (underSystemDir(hidden)) {
                cover(c, hidden);
            }
        }
        // last, once every mount point under them exists: only the mounts bound above stay writable
        c.addAll(List.of("--remount-ro", "/tmp", "--remount-ro", "/dev", "--remount-ro", "/"));
        c.addAll(List.of("--chdir", work, "--clearenv", "--setenv", "PATH", PATH, "--setenv", "HOME", work,
                "--setenv", "TMPDIR", work, "--setenv", "LANG", "C.UTF-8", "--setenv", "LC_ALL", "C.UTF-8", "--"));
        c.addAll(OtherJobsHidden.prefix());
        c.addAll(PrivilegeDrop.inner(spec, command));
        return c;
    }

    /**
     * Whether this bwrap can size a tmpfs ({@code --size}: bubblewrap 0.7 and later, and not when
     * installed setuid). Without it a job's own /dev/shm would be as large as half the RAM, so
     * it stays read-only. Asked once.
     */
    private boolean sizesTmpfs() {
        Boolean known = sizesTmpfs;
        if (known != null) {
            return known;
        }
        try {
            ProbeRun.Result r = ProbeRun.run(List.of(bwrap, "--ro-bind", "/", "/", "--size", "65536", "--tmpfs", "/tmp",
                    "true"), null, 10);
            if (r.timedOut()) {
                return false;  // only a definite answer is kept: a probe that could not finish is asked again
            }
            sizesTmpfs = r.exitCode() == 0;
            return r.exitCode() == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void bindSystem(List<String> c, Path dir) {
        if (Files.isSymbolicLink(dir)) {
            try {
                c.addAll(List.of("--symlink", Files.readSymbolicLink(dir).toString(), dir.toString()));
            } catch (IOException e) {
                c.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
            }
        } else if (Files.isDirectory(dir)) {
            c.addAll(List.of("--ro-bind", dir.toString(), dir.toString()));
        }
    }

    /**
     * bwrap would create the missing parents of a bind target as root with mode 0700, which
     * the unprivileged uid cannot traverse (absolute paths into the job directory would fail):
     * create them 0755 first. Parents inside /tmp or a system bind already exist.
     */
    private static void parents(List<String> c, Path target, Set<Path> made) {
        Path parent = target.getParent();
        if (parent == null || parent.getParent() == null || parent.equals(Path.of("/tmp"))
                || SYSTEM_DIRS.stream().anyMatch(d -> parent.startsWith(d)) || made.contains(parent)) {
            return;
        }
        parents(c, parent, made);
        made.add(parent);
        c.addAll(List.of("--perms", "0755", "--dir", parent.toString()));
    }

    private static boolean underSystemDir(Path hidden) {
        return SYSTEM_DIRS.stream().anyMatch(d -> hidden.startsWith(d)) && Files.exists(hidden);
    }

    /** An empty tmpfs over a directory, /dev/null over a file. */
    private static void cover(List<String> c, Path hidden) {
        if (Files.isDirectory(hidden)) {
            c.addAll(List.of("--tmpfs", hidden.toString()));
        } else {
            c.addAll(List.of("--ro-bind", "/dev/null", hidden.toString()));
        }
    }

    @Override
    public String toString() {
        return name() + " (" + bwrap + ")";
    }
}
