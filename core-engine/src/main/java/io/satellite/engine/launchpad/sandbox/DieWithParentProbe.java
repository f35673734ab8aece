package io.satellite.engine.launchpad.sandbox;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a sandboxed shell that forks a grandchild ({@code sleep}), under an intermediate
 * {@code sh} that plays the engine; SIGKILLs that {@code sh} and checks that every process
 * below it is gone within two seconds.
 */
final class DieWithParentProbe {
    private DieWithParentProbe() {
    }

    static IsolationFeature probe(Sandbox sandbox, SandboxSpec spec) {
        List<String> launcher = new ArrayList<>(List.of("sh", "-c", "\"$@\" & wait", "sh"));
        launcher.addAll(sandbox.wrap(List.of("sh", "-c", "sleep 30 & wait"), spec));
        Process parent = null;
        List<ProcessHandle> tree = List.of();
        try {
            parent = new ProcessBuilder(launcher).directory(spec.writableDir().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(new File("/dev/null"))).start();
            tree = awaitSleep(parent.toHandle(), 5000);
            if (tree.isEmpty()) {
                return new IsolationFeature(SandboxDiagnostics.DIE_WITH_PARENT, false,
                        "could not probe: the sandboxed test process did not start");
            }
            parent.destroyForcibly();
            boolean gone = ProcessTree.awaitGone(tree.stream().map(ProcessHandle::pid).toList(), 2000);
            long left = tree.stream().filter(h -> ProcessTree.running(h.pid())).count();
            return new IsolationFeature(SandboxDiagnostics.DIE_WITH_PARENT, gone, gone
                    ? "all " + tree.size() + " sandbox processes died with their killed parent"
                    : left + " of " + tree.size() + " sandbox processes outlived their killed parent");
        } catch (IOException e) {
            return new IsolationFeature(SandboxDiagnostics.DIE_WITH_PARENT, false, "could not probe: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IsolationFeature(SandboxDiagnostics.DIE_WITH_PARENT, false, "probe interrupted");
        } finally {
            if (parent != null) {
                ProcessTree.kill(parent.toHandle());
            }
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The descendants once the sandboxed {@code sleep} runs, or an empty list on timeout. */
    static List<ProcessHandle> awaitSleep(ProcessHandle root, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline) {
            List<ProcessHandle> tree = root.descendants().toList();
            if (tree.stream().anyMatch(h -> h.info().command().orElse("").endsWith("/sleep"))) {
                return tree;
            }
            Thread.sleep(20);
        }
        return List.of();
    }
}
