package io.satellite.engine.launchpad.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The innermost part of every sandboxed command line: {@code setpriv} (drop to the spec's
 * uid) then {@code prlimit} (set the rlimits) then the runtime.
 *
 * <p>Why a real uid switch: measured on this host (kernel 6.18, engine as root), a fork
 * loop under {@code prlimit --nproc=20} started all 60 children when run as root, and also
 * under {@code bwrap --unshare-user --uid 65534}, because that user namespace maps uid 65534
 * back to kernel uid 0 and the kernel skips RLIMIT_NPROC for the root user. Only a real
 * unprivileged kernel uid ({@code setpriv --reuid=65534}) made forks fail ("Cannot fork")
 * at the limit. Dropping root also takes away every capability, which the sandbox wants
 * anyway. Changing uid clears the parent-death signal, so {@code setpriv} sets it again.
 * An engine that is not root keeps its uid (bwrap then uses a user namespace); RLIMIT_NPROC
 * then also counts the engine's own threads.
 */
public final class PrivilegeDrop {
    private PrivilegeDrop() {
    }

    /** Whether the runtime will run as {@code spec.runAsUid()} rather than as the engine. */
    public static boolean drops(SandboxSpec spec) {
        return spec.runAsUid() >= 0 && Tools.engineIsRoot() && Tools.find("setpriv").isPresent();
    }

    /** Why the runtime keeps the engine's uid; empty if it {@link #drops drops} it. */
    public static String whyNot(SandboxSpec spec) {
        if (!Tools.engineIsRoot()) {
            return "the engine is not root (uid " + Tools.engineUid() + "): every worker runs as the engine's user,"
                    + " in a user namespace where the sandbox has one";
        }
        if (Tools.find("setpriv").isEmpty()) {
            return "setpriv (util-linux) is missing: workers cannot change uid";
        }
        return spec.runAsUid() < 0 ? "the runtimes are configured to keep the engine's uid" : "";
    }

    /**
     * Whether a zygote keeps root to give each child its own uid ({@link SandboxSpec#FORKING_ROOT}):
     * the engine is root and has setpriv to take every other capability away.
     */
    static boolean keepsRootToFork(SandboxSpec spec) {
        return spec.runAsUid() == SandboxSpec.FORKING_ROOT && Tools.engineIsRoot() && Tools.find("setpriv").isPresent();
    }

    /** setpriv + prlimit + command, as far as the tools exist. */
    static List<String> inner(SandboxSpec spec, List<String> command) {
        List<String> out = new ArrayList<>();
        if (drops(spec)) {
            String uid = String.valueOf(spec.runAsUid());
            out.addAll(List.of(Tools.find("setpriv").get(), "--reuid=" + uid, "--regid=" + uid,
                    "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
                    "--pdeathsig=KILL", "--"));
        } else if (keepsRootToFork(spec)) {
            // uid 0 with CAP_SETUID and CAP_SETGID only: no file access beyond root's own
            // permissions, no kill of other uids, no mounts; what a child needs to take its uid
            out.addAll(List.of(Tools.find("setpriv").get(), "--inh-caps=-all", "--bounding-set=-all,+setuid,+setgid",
                    "--no-new-privs", "--pdeathsig=KILL", "--"));
        }
        List<String> limits = spec.limits().prlimitOptions();
        if (!limits.isEmpty() && Tools.find("prlimit").isPresent()) {
            out.add(Tools.find("prlimit").get());
            out.addAll(limits);
            out.add("--");
        }
        out.addAll(command);
        return out;
    }

    /** Gives the writable directory tree to the uid the runtime will run as. */
    static void handOver(SandboxSpec spec) throws IOException {
        if (!drops(spec)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(spec.writableDir())) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.setAttribute(p, "unix:uid", spec.runAsUid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", spec.runAsUid(), LinkOption.NOFOLLOW_LINKS);
            }
        }
    }
}
