package io.satellite.app.console.pools;

import java.util.regex.Pattern;

/**
 * What the DBA typed for a pool, checked before any SQL is made of it: the name must be a plain
 * identifier and the limits whole numbers (the engine checks their ranges and says which is
 * wrong). Blank limits are left out of the statement, so the engine's defaults apply.
 */
public record PoolSettings(String name, String maxCpuPercent, String maxMemoryPercent, String maxProcesses,
                           String affinity) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern CPUS = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");

    public PoolSettings(String name, String maxCpuPercent, String maxMemoryPercent, String maxProcesses) {
        this(name, maxCpuPercent, maxMemoryPercent, maxProcesses, "");
    }

    /** {@code CREATE} or {@code ALTER EXTERNAL RESOURCE POOL name WITH (...)}. */
    public String statement(boolean create) {
        String n = checkedName();
        StringBuilder with = new StringBuilder();
        option(with, "MAX_CPU_PERCENT", maxCpuPercent);
        option(with, "MAX_MEMORY_PERCENT", maxMemoryPercent);
        option(with, "MAX_PROCESSES", maxProcesses);
        String cpus = affinityClause();
        if (cpus != null) {
            with.append(with.length() == 0 ? "" : ", ").append(cpus);
        }
        if (with.length() == 0) {
            if (!create) {
                throw new IllegalArgumentException("give at least one limit to change");
            }
            return "CREATE EXTERNAL RESOURCE POOL " + n;
        }
        return (create ? "CREATE" : "ALTER") + " EXTERNAL RESOURCE POOL " + n + " WITH (" + with + ")";
    }

    /** {@code AFFINITY CPU = AUTO} or {@code AFFINITY CPU = (0 TO 1, 3)} from "AUTO" or "0-1,3"; null when blank. */
    private String affinityClause() {
        String v = affinity == null ? "" : affinity.replace(" ", "");
        if (v.isEmpty()) {
            return null;
        }
        if (v.equalsIgnoreCase("AUTO")) {
            return "AFFINITY CPU = AUTO";
        }
        if (!CPUS.matcher(v).matches()) {
            throw new IllegalArgumentException("AFFINITY is AUTO or CPU numbers and ranges such as 0-1,3: '"
                    + affinity.strip() + "'");
        }
        return "AFFINITY CPU = (" + v.replace("-", " TO ").replace(",", ", ") + ")";
    }

    /** Whether what was typed is a valid AFFINITY (blank, AUTO, or CPUs like 0-1,3). */
    public static boolean validAffinity(String text) {
        String v = text == null ? "" : text.replace(" ", "");
        return v.isEmpty() || v.equalsIgnoreCase("AUTO") || CPUS.matcher(v).matches();
    }

    public String dropStatement() {
        return "DROP EXTERNAL RESOURCE POOL " + checkedName();
    }

    private String checkedName() {
        String n = name == null ? "" : name.strip();
        if (!NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("a pool name is letters, digits and _, starting with a letter or _: '"
                    + n + "'");
        }
        return n;
    }

    private static void option(StringBuilder with, String option, String value) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return;
        }
        try {
            int n = Integer.parseInt(v);
            with.append(with.length() == 0 ? "" : ", ").append(option).append(" = ").append(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number: '" + v + "'");
        }
    }
}
