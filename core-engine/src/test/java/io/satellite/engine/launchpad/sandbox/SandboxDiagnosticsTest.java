package io.satellite.engine.launchpad.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Diagnostics must agree with what the other tests in this package found by running bad
 * scripts: with bubblewrap or unshare every namespace, filesystem rule and rlimit holds (the
 * process limit because the runtime runs as an unprivileged uid); cgroups are not used.
 * Without a sandbox, only what needs no sandbox tool holds.
 */
class SandboxDiagnosticsTest {
    static final List<String> SANDBOX_FEATURES = List.of(SandboxDiagnostics.TOOL, SandboxDiagnostics.PID_NAMESPACE,
            SandboxDiagnostics.NETWORK, SandboxDiagnostics.READ_ONLY_SYSTEM, SandboxDiagnostics.HIDDEN_PATHS,
            SandboxDiagnostics.PRIVATE_TMP, SandboxDiagnostics.DIE_WITH_PARENT);
    static final List<String> LIMITS = List.of(LimitProbes.AS, LimitProbes.CPU, LimitProbes.NPROC, LimitProbes.FSIZE);

    static java.util.stream.Stream<Sandbox> sandboxes() {
        return SandboxFixture.sandboxes();
    }

    static Map<String, IsolationFeature> probe(Sandbox sandbox, boolean network) {
        List<IsolationFeature> features = new SandboxDiagnostics(sandbox, ResourceLimits.defaults(), network,
                SandboxFixture.TEST_UID).probe();
        System.out.println("== diagnostics: " + sandbox + (network ? ", outbound network on" : "") + "\n"
                + SandboxDiagnostics.report(features));
        return features.stream().collect(Collectors.toMap(IsolationFeature::name, Function.identity()));
    }

    @ParameterizedTest
    @MethodSource("sandboxes")
    void sandboxesEnforceWhatTheTestsFound(Sandbox sandbox) throws IOException {
        String hostProc = hostProcOptions();
        Map<String, IsolationFeature> f = probe(sandbox, false);
        // the remount is of the sandbox's own procfs: in the host's PID namespace it would be the host's
        assertEquals(hostProc, hostProcOptions(), "the host's /proc mount changed");
        for (String name : SANDBOX_FEATURES) {
            assertTrue(f.get(name).enforced(), f.get(name).toString());
        }
        assertTrue(f.get(SandboxDiagnostics.UNPRIVILEGED).enforced(), f.get(SandboxDiagnostics.UNPRIVILEGED).toString());
        // hidepid only where workers have uids of their own (a root engine); otherwise it says why not
        IsolationFeature hidden = f.get(SandboxDiagnostics.OTHER_JOBS_HIDDEN);
        assertEquals(Tools.engineIsRoot(), hidden.enforced(), hidden.toString());
        assertTrue(hidden.detail().contains(hidden.enforced() ? "hidepid=2" : "is listed in /proc"), hidden.toString());
        for (String name : LIMITS) {
            assertTrue(f.get(name).enforced(), f.get(name).toString());
        }
        assertCgroupsNotEnforced(f);
    }

    /** The host's /proc mount as /proc/self/mounts lists it (options included). */
    static String hostProcOptions() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .filter(line -> line.startsWith("proc /proc ")).reduce((first, last) -> last).orElse("no /proc");
    }

    @Test
    void detectedSandboxIsTheBestThatWorks() {
        Sandbox detected = Sandbox.detect();
        assertEquals(SandboxFixture.sandboxes().findFirst().map(Sandbox::name).orElse("none"), detected.name());
        assertTrue(probe(detected, true).get(SandboxDiagnostics.NETWORK).detail().contains("outbound network access is turned on"));
    }

    @Test
    void withoutASandboxOnlyRlimitsAndTheUidHold() {
        Map<String, IsolationFeature> f = probe(new NoSandbox(), false);
        for (String name : SANDBOX_FEATURES) {
            assertFalse(f.get(name).enforced(), f.get(name).toString());
        }
        for (String name : LIMITS) {
            assertEquals(Tools.find("prlimit").isPresent(), f.get(name).enforced(), f.get(name).toString());
        }
        assertEquals(Tools.engineIsRoot(), f.get(SandboxDiagnostics.UNPRIVILEGED).enforced());
        assertFalse(f.get(SandboxDiagnostics.OTHER_JOBS_HIDDEN).enforced(), "the host's /proc shows its pid 1");
        assertCgroupsNotEnforced(f);
    }

    static void assertCgroupsNotEnforced(Map<String, IsolationFeature> f) {
        assertFalse(f.get(CgroupProbe.CPU).enforced());
        IsolationFeature memory = f.get(CgroupProbe.MEMORY);
        assertFalse(memory.enforced());
        assertTrue(memory.detail().startsWith("not enforced: "), memory.detail());
        assertTrue(memory.detail().endsWith("memory is capped by the address-space rlimit instead"), memory.detail());
    }
}
