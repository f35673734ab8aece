package io.satellite.engine.launchpad.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks for a writable cgroup v2 hierarchy with the cpu and memory controllers: reads
 * /proc/self/mounts, reads each cgroup2 mount's {@code cgroup.controllers} and tries to
 * create (and remove) a child group. This sandbox layer does not place workers in cgroups,
 * so CPU quota and memory limit are reported as not enforced either way; the detail says
 * whether a hierarchy to build them on exists.
 */
final class CgroupProbe {
    static final String CPU = "cgroup v2 CPU quota";
    static final String MEMORY = "cgroup v2 memory limit";

    private CgroupProbe() {
    }

    static List<IsolationFeature> probe() {
        List<String> v2 = new ArrayList<>();
        List<String> v1 = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 2 && f[2].equals("cgroup2")) {
                    v2.add(f[1]);
                } else if (f.length > 3 && f[2].equals("cgroup")) {
                    v1.add(f[1].substring(f[1].lastIndexOf('/') + 1));
                }
            }
        } catch (IOException e) {
            // no /proc/self/mounts: nothing found
        }
        String usable = null;
        StringBuilder seen = new StringBuilder();
        for (String mount : v2) {
            String controllers = read(Path.of(mount, "cgroup.controllers"));
            boolean writable = canCreateChild(Path.of(mount));
            seen.append("cgroup2 at ").append(mount).append(" has controllers [").append(controllers)
                    .append(writable ? "] and is writable; " : "] and is not writable; ");
            if (writable && controllers.contains("cpu") && controllers.contains("memory")) {
                usable = mount;
            }
        }
        if (v2.isEmpty()) {
            seen.append("no cgroup2 mount; ");
        }
        if (!v1.isEmpty()) {
            seen.append("cgroup v1 controllers mounted: ").append(String.join(", ", v1)).append(" (not used)");
        }
        String why = usable == null
                ? "not enforced: no writable cgroup v2 hierarchy with cpu and memory controllers"
                : "not enforced: a writable cgroup v2 hierarchy exists at " + usable + " but this sandbox does not use it yet";
        return List.of(new IsolationFeature(CPU, false, why + ", CPU is capped by the CPU-time rlimit instead (" + seen + ")"),
                new IsolationFeature(MEMORY, false, why + ", memory is capped by the address-space rlimit instead"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean canCreateChild(Path mount) {
        Path child = mount.resolve("satellite-probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(child);
            Files.delete(child);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
