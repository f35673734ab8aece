package io.satellite.engine.launchpad.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fallback where bubblewrap is missing (needs root): util-linux {@code unshare} with new
 * PID, network, mount, IPC and UTS namespaces and a fresh /proc. Unlike bubblewrap it starts
 * from the host's whole filesystem, so a short shell prelude, run as root inside the new
 * mount namespace (private propagation: nothing leaks to the host), takes things away:
 * <ol>
 * <li>holds the writable and read-only paths open on file descriptors 3..9,
 * <li>remounts / and every mount below it read-only (per-mount bind remounts, never the host's
 *     superblocks; each mount keeps its own nosuid, nodev and noexec),
 * <li>mounts private tmpfs on /tmp and /dev/shm and an empty tmpfs over each hidden path,
 * <li>binds the held paths back at the same place (writable dir read-write, others read-only),
 * <li>remounts /tmp read-only ({@code TMPDIR} is the writable dir; /dev/shm is read-only from the start,
 *     unless the sandbox holds one job only: {@link SandboxSpec#ownDevShm}).
 * </ol>
 * What stays visible, read-only and subject to file permissions, is the rest of the host's
 * filesystem: diagnostics say so. The prelude shell stays PID 1 and runs the command as its
 * child: as PID 1 the command would ignore SIGXCPU and SIGXFSZ (init gets no default signal
 * actions), and unshare 2.38 fails to report a child killed by SIGKILL ("sigprocmask unblock
 * failed"), so the shell turns a signal death into an ordinary 128+signal exit status.
 */
public final class UnshareSandbox implements Sandbox {
    private static final int FIRST_FD = 3;
    private static final int LAST_FD = 9;

    private final String unshare;

    public UnshareSandbox(String unsharePath) {
        this.unshare = unsharePath;
    }

    @Override
    public String name() {
        return "unshare";
    }

    @Override
    public List<String> wrap(List<String> command, SandboxSpec spec) {
        List<Path> held = new ArrayList<>();
        held.add(spec.writableDir());
        held.addAll(spec.readOnlyPaths());
        if (held.size() > LAST_FD - FIRST_FD + 1) {
            throw new IllegalArgumentException("the unshare sandbox binds at most " + (LAST_FD - FIRST_FD)
                    + " read-only paths; got " + spec.readOnlyPaths().size());
        }
        List<String> c = new ArrayList<>();
        Tools.find("setpriv").ifPresent(s -> c.addAll(List.of(s, "--pdeathsig=KILL", "--")));
        c.addAll(List.of(unshare, "--pid", "--fork", "--mount-proc", "--mount", "--propagation", "private",
                "--ipc", "--uts", "--kill-child=SIGKILL"));
        if (!spec.outboundNetwork()) {
            c.add("--net");
        }
        c.addAll(List.of(Tools.find("sh").orElse("/bin/sh"), "-c", prelude(spec, held), "satellite-sandbox", "env", "-i",
                "PATH=" + BubblewrapSandbox.PATH, "HOME=" + spec.writableDir(), "TMPDIR=" + spec.writableDir(),
                "LANG=C.UTF-8", "LC_ALL=C.UTF-8"));
        c.addAll(PrivilegeDrop.inner(spec, command));
        return c;
    }

    /**
     * Every mount below / made read-only, one by one, each keeping its own access flags
     * (nosuid, nodev, noexec, atime, nosymfollow; nothing else is passed on): a mount that every
     * uid may write (/run/lock, /dev/mqueue) would be a place all jobs share, and the host's.
     * The shell reads the mount points from the sandbox's own mountinfo, byte for byte, and
     * undoes the kernel's escapes of space, tab and backslash ({@code \040}). A mount that
     * cannot be remounted (one hidden under another, a point with a newline) is left as it is.
     */
    static final String REMOUNT_EVERY_MOUNT_READ_ONLY = "while read -r _ _ _ _ point opts _; do\n"
            + "  case \"$point\" in\n"
            + "    /) continue ;;\n"
            + "    *\\\\*) point=$(printf '%s\\n' \"$point\" | sed 's/\\\\040/ /g; s/\\\\011/\t/g; s/\\\\134/\\\\/g') ;;\n"
            + "  esac\n"
            + "  keep=\n"
            + "  IFS=,\n"
            + "  for o in $opts; do\n"
            + "    case \"$o\" in nosuid|nodev|noexec|noatime|nodiratime|relatime|nosymfollow) keep=\"$keep,$o\" ;; esac\n"
            + "  done\n"
            + "  unset IFS\n"
            + "  mount -o \"remount,bind,ro$keep\" \"$point\" 2>/dev/null || :\n"
            + "done < /proc/self/mountinfo\n";

    static String prelude(SandboxSpec spec, List<Path> held) {
        StringBuilder s = new StringBuilder("set -e\nexec");
        for (int i = 0; i < held.size(); i++) {
            s.append(' ').append(FIRST_FD + i).append('<').append(quote(held.get(i)));
        }
        s.append("\nmount -o remount,bind,ro /\n");
        if (OtherJobsHidden.applies()) {
            s.append(OtherJobsHidden.remount()).append(" || :\n");
        }
        s.append(REMOUNT_EVERY_MOUNT_READ_ONLY);
        s.append("mount -t tmpfs -o mode=755 tmpfs /tmp\n");
        s.append("if [ -d /dev/shm ]; then mount -t tmpfs -o ").append(spec.ownDevShm()
                ? "nosuid,nodev,mode=1777,size=" + SandboxSpec.DEV_SHM_BYTES : "ro,mode=755,size=16k").append(" tmpfs /dev/shm; fi\n");
        for (Path hidden : spec.hiddenPaths()) {
            String h = quote(hidden);  // tested inside: it may be gone already, e.g. under /tmp
            s.append("if [ -d ").append(h).append(" ]; then mount -t tmpfs -o mode=755,size=16k tmpfs ").append(h)
                    .append("; elif [ -e ").append(h).append(" ]; then mount --bind /dev/null ").append(h).append("; fi\n");
        }
        for (int i = 0; i < held.size(); i++) {
            String p = quote(held.get(i));
            String mode = i == 0 ? "rw" : "ro";
            String make = Files.isRegularFile(held.get(i))
                    ? "{ mkdir -p " + quote(held.get(i).getParent()) + "; : > " + p + "; }" : "mkdir -p " + p;
            s.append("[ -e ").append(p).append(" ] || ").append(make).append('\n')
                    .append("mount --no-canonicalize --bind /proc/self/fd/").append(FIRST_FD + i).append(' ').append(p)
                    .append("\nmount -o remount,bind,").append(mode).append(' ').append(p).append('\n');
        }
        // the binds under /tmp exist now: /tmp itself becomes read-only (the writable dir is the one place)
        s.append("mount -o remount,bind,ro /tmp\n");
        for (int i = 0; i < held.size(); i++) {
            s.append("exec ").append(FIRST_FD + i).append("<&-\n");
        }
        // not exec: this shell stays PID 1 (init ignores SIGXCPU and SIGXFSZ, the runtime must not)
        s.append("cd ").append(quote(spec.writableDir())).append("\n\"$@\"\nstatus=$?\nexit $status\n");
        return s.toString();
    }

    static String quote(Path p) {
        return quote(p.toString());
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return name() + " (" + unshare + ")";
    }
}
