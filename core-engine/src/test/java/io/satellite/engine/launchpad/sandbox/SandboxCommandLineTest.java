package io.satellite.engine.launchpad.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command lines and specs themselves, without running anything. */
class SandboxCommandLineTest {
    static final Path WORK = Path.of("/srv/satellite/jobs/job-7");

    @Test
    void bubblewrapCommandLine() {
        SandboxSpec spec = SandboxSpec.of(WORK).withReadOnly(Path.of("/srv/satellite/launchers"));
        List<String> c = new BubblewrapSandbox("/usr/bin/bwrap").wrap(List.of("Rscript", "--vanilla", "w.R"), spec);
        assertEquals("/usr/bin/bwrap", c.get(0));
        for (String flag : List.of("--die-with-parent", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
                "--new-session", "--clearenv")) {
            assertTrue(c.contains(flag), flag + " in " + c);
        }
        assertTrue(Collections.indexOfSubList(c, List.of("--ro-bind", "/etc", "/etc")) > 0, c.toString());
        assertTrue(Collections.indexOfSubList(c, List.of("--proc", "/proc", "--dev", "/dev")) > 0, c.toString());
        int tmp = Collections.indexOfSubList(c, List.of("--tmpfs", "/tmp"));
        int work = Collections.indexOfSubList(c, List.of("--bind", WORK.toString(), WORK.toString()));
        assertTrue(tmp > 0 && work > tmp, "the writable dir is bound after (over) the private /tmp: " + c);
        assertTrue(Collections.indexOfSubList(c, List.of("--perms", "0755", "--dir", "/srv/satellite/jobs")) > 0, c.toString());
        assertTrue(Collections.indexOfSubList(c, List.of("--ro-bind", "/srv/satellite/launchers", "/srv/satellite/launchers")) > 0);
        assertTrue(Collections.indexOfSubList(c, List.of("--chdir", WORK.toString())) > 0);
        assertTrue(Collections.indexOfSubList(c, List.of("--setenv", "HOME", WORK.toString())) > 0);
        assertTrue(Collections.indexOfSubList(c, List.of("--setenv", "TMPDIR", WORK.toString())) > 0);
        int readOnly = Collections.indexOfSubList(c, List.of("--remount-ro", "/tmp", "--remount-ro", "/dev", "--remount-ro", "/"));
        int lastBind = Collections.indexOfSubList(c, List.of("--ro-bind", "/srv/satellite/launchers", "/srv/satellite/launchers"));
        assertTrue(readOnly > lastBind && lastBind > work, "/tmp, /dev and / become read-only after every bind: " + c);
        assertTrue(Collections.indexOfSubList(c, List.of("--setenv", "LC_ALL", "C.UTF-8")) > 0);
        assertEquals(List.of("Rscript", "--vanilla", "w.R"), c.subList(c.size() - 3, c.size()));
        assertFalse(new BubblewrapSandbox("bwrap").wrap(List.of("true"), spec.withOutboundNetwork(true)).contains("--unshare-net"));
    }

    @Test
    void limitsBecomePrlimitOptions() {
        assertEquals(List.of("--as=536870912", "--cpu=10:11", "--nproc=32", "--fsize=1048576"),
                new ResourceLimits(512 * ResourceLimits.MIB, 10, 32, ResourceLimits.MIB).prlimitOptions());
        assertEquals(List.of(), ResourceLimits.unlimited().prlimitOptions());
        assertThrows(IllegalArgumentException.class, () -> new ResourceLimits(-1, 0, 0, 0));
        assertEquals("address space 4 GiB, CPU 3600 s, processes 64, file size 1 GiB", ResourceLimits.defaults().toString());
    }

    @Test
    void limitsAndUidDropAreInsideTheSandbox() {
        List<String> c = new BubblewrapSandbox("bwrap").wrap(List.of("Rscript"), SandboxSpec.of(WORK));
        int separator = c.indexOf("--");
        if (Tools.find("prlimit").isPresent()) {
            assertTrue(c.indexOf(Tools.find("prlimit").get()) > separator, c.toString());
        }
        if (Tools.engineIsRoot() && Tools.find("setpriv").isPresent()) {
            assertTrue(c.contains("--reuid=65534") && c.indexOf("--reuid=65534") > separator, c.toString());
        }
    }

    @Test
    void aRootEngineRemountsTheSandboxProcBeforeDroppingPrivileges() {
        List<String> c = new BubblewrapSandbox("bwrap").wrap(List.of("Rscript"), SandboxSpec.of(WORK));
        int remount = c.indexOf(OtherJobsHidden.remount() + "; exec \"$@\"");
        assertEquals(OtherJobsHidden.applies(), remount > c.indexOf("--"), c.toString());
        if (remount > 0 && Tools.find("setpriv").isPresent()) {
            assertTrue(c.indexOf(Tools.find("setpriv").get()) > remount, "setpriv comes after the remount: " + c);
        }
        String prelude = UnshareSandbox.prelude(SandboxSpec.of(WORK), List.of(WORK));
        assertEquals(OtherJobsHidden.applies(), prelude.contains("remount,hidepid=2 /proc"), prelude);
    }

    @Test
    void specKeepsHiddenPathsOutOfTheBindings() {
        Path data = Path.of("/srv/satellite/data");
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.of(WORK).withHidden(WORK.resolve("sub")));
        assertThrows(IllegalArgumentException.class, () -> SandboxSpec.of(WORK).withReadOnly(Path.of("/srv")).withHidden(data));
        // hiding the jobs root that holds the writable dir is fine: only the job's own dir is bound
        SandboxSpec spec = SandboxSpec.of(WORK).withHidden(WORK.getParent(), data);
        assertEquals(List.of(WORK.getParent(), data), spec.hiddenPaths());
        assertEquals(SandboxSpec.NOBODY, spec.runAsUid());
        assertFalse(spec.outboundNetwork());
    }

    @Test
    void unsharePreludeHidesBeforeItBindsBack() {
        SandboxSpec spec = SandboxSpec.of(WORK).withHidden(WORK.getParent());
        String prelude = UnshareSandbox.prelude(spec, List.of(WORK));
        int ro = prelude.indexOf("mount -o remount,bind,ro /\n");
        int hide = prelude.indexOf("mount -t tmpfs -o mode=755,size=16k tmpfs '/srv/satellite/jobs'");
        int bind = prelude.indexOf("mount --no-canonicalize --bind /proc/self/fd/3 '/srv/satellite/jobs/job-7'");
        assertTrue(ro > 0 && hide > ro && bind > hide, prelude);
        assertEquals("'/a/it'\\''s'", UnshareSandbox.quote(Path.of("/a/it's")));
    }

    /**
     * The unshare prelude's remount loop, run by the shell against a mountinfo written here (with
     * {@code mount} a shell function that prints what it was asked): every mount but / by its
     * real path, a space, a backslash and a byte that is not UTF-8 included, keeping only its
     * access flags.
     */
    @Test
    void theUnsharePreludeRemountsEveryMountByItsRealPathKeepingItsAccessFlags() throws Exception {
        Path info = Files.createTempFile("mountinfo", ".txt");
        try {
            Files.write(info, ("1 0 0:1 / / rw,relatime - ext4 /dev/vda rw\n"
                    + "2 1 0:2 / /run/a\\040b\\134c rw,nosuid,nodev,idmapped,relatime shared:5 - tmpfs tmpfs rw\n"
                    + "3 1 0:3 / /caf").getBytes(StandardCharsets.ISO_8859_1));
            Files.write(info, new byte[] {(byte) 0xe9}, java.nio.file.StandardOpenOption.APPEND);
            Files.write(info, " rw,noexec - tmpfs t rw\n".getBytes(StandardCharsets.ISO_8859_1),
                    java.nio.file.StandardOpenOption.APPEND);
            String script = "mount() { printf '%s|%s\\n' \"$2\" \"$3\"; }\n"
                    + UnshareSandbox.REMOUNT_EVERY_MOUNT_READ_ONLY.replace("/proc/self/mountinfo", info.toString());
            Process p = new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            assertEquals(0, p.waitFor(), new String(out, StandardCharsets.ISO_8859_1));
            assertEquals("remount,bind,ro,nosuid,nodev,relatime|/run/a b\\c\nremount,bind,ro,noexec|/caf\u00e9\n",
                    new String(out, StandardCharsets.ISO_8859_1));
        } finally {
            Files.delete(info);
        }
    }
}
