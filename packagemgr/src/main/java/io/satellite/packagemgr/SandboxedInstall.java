package io.satellite.packagemgr;

import io.satellite.engine.launchpad.Confinement;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs {@code R CMD INSTALL} for one source tarball inside the launchpad's sandbox: no
 * network, the libraries read-only, the staging directory its only writable place, as a uid
 * of its own where workers get one (so a package's build scripts cannot see or signal running
 * jobs, and whatever they leave running is killed with the uid). The
 * package lands in {@code <staging>/lib}; R test-loads it there, so a package that installs
 * but cannot be loaded fails here too.
 */
final class SandboxedInstall {
    private static final long TIMEOUT_MINUTES = 15;
    private final Confinement confinement;
    private final Path r;

    SandboxedInstall(Confinement confinement, Path r) {
        this.confinement = confinement;
        this.r = r;
    }

    /**
     * Installs {@code tarball} (which lies in {@code staging}) into {@code staging/lib}, with
     * {@code searchFirst} (the staged packages, then the target libraries) visible for its
     * dependencies; every output line goes to {@code log}.
     */
    void run(Path staging, Path tarball, List<Path> searchFirst, PackageProgress log, AtomicBoolean cancelled)
            throws IOException, InterruptedException {
        List<String> libs = new ArrayList<>();
        searchFirst.forEach(p -> libs.add(p.toString()));
        List<String> command = List.of("/usr/bin/env", "R_LIBS=" + String.join(":", libs), r.toString(), "CMD", "INSTALL", "--no-multiarch",
                "--library=" + staging.resolve("lib"), tarball.toString());
        int uid = confinement.leaseUid();
        Process p;
        try {
            confinement.handOver(staging, uid);
            p = new ProcessBuilder(confinement.wrap(command, staging, uid)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException | RuntimeException e) {
            confinement.releaseUid(uid);
            throw e;
        }
        try {
            Thread reader = new Thread(() -> drain(p, log), "R CMD INSTALL output");
            reader.setDaemon(true);
            reader.start();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(TIMEOUT_MINUTES);
            while (!p.waitFor(200, TimeUnit.MILLISECONDS)) {
                if (cancelled.get()) {
                    throw new PackageException(PackageException.INSTALL_FAILED, "the install was cancelled");
                }
                if (System.nanoTime() > deadline) {
                    throw new PackageException(PackageException.INSTALL_FAILED, "R CMD INSTALL of "
                            + tarball.getFileName() + " did not finish in " + TIMEOUT_MINUTES + " minutes");
                }
            }
            reader.join(5000);
            if (p.exitValue() != 0) {
                throw new PackageException(PackageException.INSTALL_FAILED, "R CMD INSTALL of " + tarball.getFileName()
                        + " failed (exit code " + p.exitValue() + ")");
            }
        } finally {
            if (p.isAlive()) {
                p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
            }
            confinement.releaseUid(uid);
        }
    }

    private static void drain(Process p, PackageProgress log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                log.log(line);
            }
        } catch (IOException e) {
            log.log("(output lost: " + e.getMessage() + ")");
        }
    }
}
