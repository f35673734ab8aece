package io.satellite.engine.launchpad;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.satellite.engine.launchpad.sandbox.Landlock;
import io.satellite.engine.launchpad.sandbox.ResourceLimits;
import io.satellite.engine.launchpad.sandbox.Sandbox;
import io.satellite.engine.launchpad.sandbox.SandboxSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up experiment that decides whether a non-root engine's pools may fork: a child in
 * a real sandbox calls satellite_confine on a slot, as a forked worker would.
 */
class ForkConfinementTest {
    @TempDir
    Path dir;

    private Path launchers() throws Exception {
        Path launchers = Files.createDirectories(dir.resolve("data").resolve("launchers"));
        try (InputStream so = getClass().getResourceAsStream(ExternalRuntime.BECOME_LIBRARY)) {
            assumeTrue(so != null, "satellite-become.so was not built (no gcc)");
            Files.copy(so, launchers.resolve(ExternalRuntime.BECOME_LIBRARY));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("data"), PosixFilePermissions.fromString("rwxr-xr-x"));
        return launchers;
    }

    private Path jobs() throws Exception {
        Path jobs = Files.createDirectories(dir.resolve("data").resolve("jobs"));
        Files.setPosixFilePermissions(jobs, PosixFilePermissions.fromString("rwxrwxrwx"));
        return jobs;
    }

    @Test
    void aChildInTheSandboxConfinesItselfWhereLandlockCan() throws Exception {
        assumeTrue(Landlock.abi() >= Landlock.SIGNAL_SCOPING, "Landlock ABI " + Landlock.abi());
        Path launchers = launchers();
        Confinement c = new Confinement(Sandbox.detect(), List.of(launchers), List.of(), ResourceLimits.defaults(),
                SandboxSpec.NOBODY, false);
        ForkConfinement verdict = ForkConfinement.probe(c, jobs(), launchers);
        assertTrue(verdict.works(), verdict.detail());
        try (var left = Files.list(dir.resolve("data").resolve("jobs"))) {
            assertFalse(left.findAny().isPresent(), "the probe's slot is gone");
        }
    }

    @Test
    void aJobsDirectoryThatEveryJobMayReadIsRefused() throws Exception {
        assumeTrue(Landlock.abi() >= Landlock.SIGNAL_SCOPING, "Landlock ABI " + Landlock.abi());
        Path launchers = launchers();
        // the whole data directory read-only for every job: the jobs directory in it too
        Confinement c = new Confinement(Sandbox.detect(), List.of(dir.resolve("data")), List.of(),
                ResourceLimits.defaults(), SandboxSpec.NOBODY, false);
        ForkConfinement verdict = ForkConfinement.probe(c, jobs(), launchers);
        assertFalse(verdict.works(), "a forked job could read every other job here");
        assertTrue(verdict.detail().contains("the jobs directory lies in a directory every job may read"), verdict.detail());
    }
}
