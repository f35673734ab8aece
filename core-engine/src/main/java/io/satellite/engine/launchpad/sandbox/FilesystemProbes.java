package io.satellite.engine.launchpad.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Probes of what a sandboxed shell can see and touch (namespaces, files, uid). */
final class FilesystemProbes {
    private final Sandbox sandbox;
    private final SandboxSpec spec;

    FilesystemProbes(Sandbox sandbox, SandboxSpec spec) {
        this.sandbox = sandbox;
        this.spec = spec;
    }

    ProbeRun.Result sh(String script) {
        return ProbeRun.run(sandbox.wrap(List.of("sh", "-c", script), spec), spec.writableDir(), 20);
    }

    IsolationFeature tool() {
        ProbeRun.Result r = sh("echo sandboxed-ok");
        boolean ok = r.succeeded() && r.output().contains("sandboxed-ok");
        String detail = sandbox + (ok ? ": a test command ran in it" : ": a test command failed: " + r.output().trim());
        return new IsolationFeature(SandboxDiagnostics.TOOL, ok && !(sandbox instanceof NoSandbox), detail);
    }

    IsolationFeature namespace(String name, String ns, boolean allowedByConfig) {
        String host = readLink(Path.of("/proc/self/ns", ns));
        String extra = ns.equals("pid") ? "ls /proc | grep -c '^[0-9]'"
                : "tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d ' ' | tr '\\n' ' '";
        ProbeRun.Result r = sh("readlink /proc/self/ns/" + ns + "; " + extra);
        String[] lines = r.output().trim().split("\n");
        boolean own = r.succeeded() && lines.length > 1 && !lines[0].equals(host);
        String seen = lines.length > 1 ? lines[1].trim() : "?";
        String detail = (own ? "own namespace " + lines[0] : "shares the host's namespace " + host)
                + (ns.equals("pid") ? "; processes visible: " + seen : "; interfaces: " + seen);
        if (ns.equals("net") && own) {
            own = seen.equals("lo");
        }
        if (allowedByConfig) {
            return new IsolationFeature(name, false, "outbound network access is turned on; " + detail);
        }
        return new IsolationFeature(name, own, detail);
    }

    IsolationFeature readOnlySystem() {
        ProbeRun.Result r = sh("for d in / /usr /etc /var/tmp /home /tmp /dev/shm; do [ -d \"$d\" ] || continue; f=\"$d/.satellite-probe-$$\";"
                + " if ( : > \"$f\" ) 2>/dev/null; then echo \"WRITABLE $d\"; rm -f \"$f\"; else"
                + " echo \"refused $d: $( ( : > \"$f\" ) 2>&1 | sed 's/.*: //' | head -n 1)\"; fi; done;"
                + " : > ./.probe && echo WORKDIR_WRITABLE");
        String out = r.output().trim().replace('\n', ';');
        boolean ok = !out.contains("WRITABLE /") && out.contains("WORKDIR_WRITABLE");
        return new IsolationFeature(SandboxDiagnostics.READ_ONLY_SYSTEM, ok, out);
    }

    IsolationFeature hidden(Path secret) {
        ProbeRun.Result r = sh("if [ -e '" + secret + "' ]; then echo VISIBLE; else echo ABSENT; fi");
        boolean ok = r.succeeded() && r.output().contains("ABSENT");
        String detail = (ok ? "a file in the engine-data probe directory is not there: " : "a file it must not see is visible: ")
                + secret;
        return new IsolationFeature(SandboxDiagnostics.HIDDEN_PATHS, ok, detail);
    }

    /**
     * The host's /tmp is not there, the sandbox's /tmp takes no files (jobs of one zygote share
     * it), and TMPDIR is a writable place inside the job's own directory.
     */
    IsolationFeature privateTmp() {
        Path marker = null;
        try {
            marker = Files.createTempFile(Path.of("/tmp"), "satellite-probe", ".marker");
            String own = spec.writableDir().toString();
            ProbeRun.Result r = sh("[ -e '" + marker + "' ] && echo SHARED;"
                    + " f=/tmp/.satellite-probe-$$; ( : > $f ) 2>/dev/null && echo TMP_WRITABLE; rm -f $f;"
                    + " case \"$TMPDIR/\" in '" + own + "/'*) echo TMPDIR_OWN;; *) echo \"TMPDIR=$TMPDIR\";; esac;"
                    + " f=\"$TMPDIR/.satellite-probe-$$\"; : > \"$f\" && echo TMPDIR_WRITABLE; rm -f \"$f\"");
            String out = r.output();
            boolean ok = !out.contains("SHARED") && !out.contains("TMP_WRITABLE") && out.contains("TMPDIR_OWN")
                    && out.contains("TMPDIR_WRITABLE");
            return new IsolationFeature(SandboxDiagnostics.PRIVATE_TMP, ok, ok
                    ? "a file in the host's /tmp is not there, /tmp takes no files, and TMPDIR (R's tempdir(),"
                    + " Python's tempfile) is in the job's own directory, which goes with the job"
                    : "host /tmp file " + (out.contains("SHARED") ? "visible" : "hidden") + "; " + out.trim().replace('\n', ';'));
        } catch (IOException e) {
            return new IsolationFeature(SandboxDiagnostics.PRIVATE_TMP, false, "could not probe: " + e.getMessage());
        } finally {
            deleteTree(marker);
        }
    }

    /**
     * The probe's uid inside and on the host, and its capabilities. The host uid is the owner of
     * a file the probe creates, read out here: bwrap without root nests two user namespaces (the
     * outer one maps uid 0 to the engine's user), so the probe's own uid_map names the outer
     * namespace's 0, not the host's uid.
     */
    IsolationFeature unprivileged() {
        Path made = spec.writableDir().resolve(".satellite-uid-probe");
        try {
            ProbeRun.Result r = sh(": > '" + made + "' && echo $(id -u) $(grep CapEff /proc/self/status | cut -f2)");
            String[] f = r.output().trim().split("\\s+");
            Integer host = null;
            try {
                host = (Integer) Files.getAttribute(made, "unix:uid");
            } catch (IOException | UnsupportedOperationException e) {
                // the probe could not make its file: said below
            }
            boolean ok = f.length == 2 && host != null && host != 0 && f[1].matches("0+");
            return new IsolationFeature(SandboxDiagnostics.UNPRIVILEGED, ok, f.length == 2 && host != null
                    ? "uid " + f[0] + " (host uid " + host + "), effective capabilities " + f[1] : r.output().trim());
        } finally {
            try {
                Files.deleteIfExists(made);
            } catch (IOException e) {
                // the probe directory goes as a whole
            }
        }
    }

    /**
     * Whether /proc hides the processes of other uids: the sandbox's init (pid 1) is root, the
     * probe is not (where the engine is root), so pid 1 must be missing while the probe's own
     * pid is there. Sibling jobs of one zygote differ in uid the same way.
     */
    IsolationFeature otherJobsHidden() {
        ProbeRun.Result r = sh("[ -e /proc/$$/stat ] && echo SELF; [ -e /proc/1 ] && echo INIT;"
                + " echo listed $(ls /proc | grep -c '^[0-9]')");
        String out = r.output().trim();
        boolean ok = r.succeeded() && out.contains("SELF") && !out.contains("INIT");
        String listed = out.replaceAll("(?s).*listed (\\d+).*", "$1");
        String why = OtherJobsHidden.whyNot();
        String detail = ok ? OtherJobsHidden.OPTION + " on the sandbox's /proc: a root process (pid 1) is not listed,"
                + " the probe's own processes are (" + listed + " pids listed); sibling jobs are hidden where each"
                + " has a uid of its own (see 'a uid per worker')"
                : (why.isEmpty() ? "" : why + "; ") + "a process of another uid (pid 1) is listed in /proc ("
                + listed + " pids listed): a job sees its sibling jobs' pids, command lines and start times";
        if (!ok && !out.contains("INIT")) {
            detail = "could not probe: " + out;
        }
        return new IsolationFeature(SandboxDiagnostics.OTHER_JOBS_HIDDEN, ok, detail);
    }

    static String readLink(Path p) {
        try {
            return Files.readSymbolicLink(p).toString();
        } catch (IOException e) {
            return "?";
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a probe directory in the temp dir
        }
    }
}
