package io.satellite.engine.launchpad.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * Which isolation features and limits actually hold on this host, found by running tiny
 * commands in the sandbox (about 2 s in all, most of it the CPU-limit probe). Nothing is
 * assumed from the tool's name: a feature is reported enforced only if the probe saw it.
 */
public final class SandboxDiagnostics {
    public static final String TOOL = "sandbox tool";
    public static final String PID_NAMESPACE = "PID namespace";
    public static final String NETWORK = "network namespace (no outbound network)";
    public static final String READ_ONLY_SYSTEM = "read-only system";
    public static final String HIDDEN_PATHS = "hidden paths (engine data)";
    public static final String PRIVATE_TMP = "private /tmp";
    public static final String UNPRIVILEGED = "unprivileged uid";
    public static final String OTHER_JOBS_HIDDEN = "other jobs hidden in /proc";
    public static final String DIE_WITH_PARENT = "die with parent";

    private final Sandbox sandbox;
    private final ResourceLimits configured;
    private final boolean outboundNetwork;
    private final int runAsUid;

    public SandboxDiagnostics(Sandbox sandbox, ResourceLimits configured, boolean outboundNetwork, int runAsUid) {
        this.sandbox = sandbox;
        this.configured = configured;
        this.outboundNetwork = outboundNetwork;
        this.runAsUid = runAsUid;
    }

    /** Probes with the default limits, no network, running as nobody. */
    public SandboxDiagnostics(Sandbox sandbox) {
        this(sandbox, ResourceLimits.defaults(), false, SandboxSpec.NOBODY);
    }

    public List<IsolationFeature> probe() {
        Path root = null;
        try {
            root = Files.createTempDirectory("satellite-sandbox-probe");
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path work = Files.createDirectory(root.resolve("work"));
            Path data = Files.createDirectory(root.resolve("engine-data"));
            Files.writeString(data.resolve("secret.txt"), "engine secret\n");
            SandboxSpec spec = new SandboxSpec(work, List.of(), List.of(data), outboundNetwork,
                    ResourceLimits.unlimited(), runAsUid, false);
            sandbox.prepare(spec);
            FilesystemProbes fs = new FilesystemProbes(sandbox, spec);
            List<IsolationFeature> out = new ArrayList<>();
            out.add(fs.tool());
            out.add(fs.namespace(PID_NAMESPACE, "pid", false));
            out.add(fs.namespace(NETWORK, "net", outboundNetwork));
            out.add(fs.readOnlySystem());
            out.add(fs.hidden(data.resolve("secret.txt")));
            out.add(fs.privateTmp());
            out.add(fs.unprivileged());
            out.add(fs.otherJobsHidden());
            out.add(DieWithParentProbe.probe(sandbox, spec));
            out.addAll(new LimitProbes(sandbox, spec, configured).probe());
            out.addAll(CgroupProbe.probe());
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox diagnostics could not set up their probe directory", e);
        } finally {
            if (root != null) {
                FilesystemProbes.deleteTree(root);
            }
        }
    }

    /** The probe results, one line each, for logs and the console. */
    public static String report(List<IsolationFeature> features) {
        StringBuilder s = new StringBuilder();
        features.forEach(f -> s.append(f).append('\n'));
        return s.toString();
    }
}
