package io.satellite.app.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What the benchmark ran on: CPU, cores, memory, kernel, Java, R, and how busy the host was. */
final class Machine {
    private Machine() {
    }

    static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", firstValue(Path.of("/proc/cpuinfo"), "model name"));
        m.put("cores (online, as Java sees them)", Integer.toString(Runtime.getRuntime().availableProcessors()));
        String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        m.put("RAM", mem.isEmpty() ? "?" : String.format("%.1f GiB", Long.parseLong(mem.split("\\s+")[0]) / 1048576.0));
        m.put("kernel", read(Path.of("/proc/sys/kernel/osrelease")));
        m.put("OS", firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").replace("\"", ""));
        m.put("virtualisation", firstValue(Path.of("/proc/cpuinfo"), "flags").contains("hypervisor") ? "VM (hypervisor flag)" : "none seen");
        m.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("R", firstLine(List.of("Rscript", "--version")));
        m.put("bubblewrap", firstLine(List.of("bwrap", "--version")));
        m.put("load average at start (1/5/15 min)", loadAverage());
        return m;
    }

    static String loadAverage() {
        String[] f = read(Path.of("/proc/loadavg")).split("\\s+");
        return f.length >= 3 ? f[0] + " / " + f[1] + " / " + f[2] : "?";
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int sep = line.indexOf(line.contains(":") ? ':' : '=');
                if (sep > 0 && line.substring(0, sep).trim().equals(key)) {
                    return line.substring(sep + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "";
    }

    private static String read(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static String firstLine(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(10, TimeUnit.SECONDS);
            return out.isEmpty() ? "?" : out.lines().findFirst().orElse("?");
        } catch (IOException e) {
            return "not found (" + command.get(0) + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
