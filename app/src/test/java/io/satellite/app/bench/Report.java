package io.satellite.app.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one benchmark run, by section, with the targets: written as
 * {@code report.md} (for people) and {@code report.csv} (one figure a line, for tools).
 */
final class Report {
    /** One measured figure. */
    record Figure(String section, String measure, double value, String unit, String note) {
    }

    /** A target of the issue and how this run did against it. */
    record Target(String name, String goal, String measured, boolean met, String gap) {
    }

    private final Map<String, List<Figure>> sections = new LinkedHashMap<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();
    private final List<Target> targets = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    void section(String name) {
        sections.computeIfAbsent(name, k -> new ArrayList<>());
    }

    void figure(String section, String measure, double value, String unit, String note) {
        sections.computeIfAbsent(section, k -> new ArrayList<>()).add(new Figure(section, measure, value, unit, note));
        System.out.printf(Locale.ROOT, "[bench] %s | %s: %s %s %s%n", section, measure, format(value), unit,
                note.isEmpty() ? "" : "(" + note + ")");
    }

    void note(String section, String text) {
        notes.computeIfAbsent(section, k -> new ArrayList<>()).add(text);
        System.out.println("[bench] " + section + " | " + text);
    }

    /** Something that must not happen (a failed job, a wrong row count): noted, and the run fails at its end. */
    void problem(String section, String text) {
        problems.add(section + ": " + text);
        note(section, "**Problem:** " + text);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    void target(String name, String goal, String measured, boolean met, String gap) {
        targets.add(new Target(name, goal, measured, met, gap));
        System.out.printf("[bench] target %s: %s, measured %s%s%n", name, goal, measured,
                measured.startsWith("not measured") ? "" : met ? ": met" : ": MISSED " + gap);
    }

    /** The value of a figure recorded earlier, or NaN. */
    double value(String section, String measure) {
        return sections.getOrDefault(section, List.of()).stream().filter(f -> f.measure().equals(measure))
                .mapToDouble(Figure::value).findFirst().orElse(Double.NaN);
    }

    void write(Path dir, String title, List<String> preamble, Map<String, String> machine) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        preamble.forEach(line -> md.append(line).append('\n'));
        md.append("\n## Machine\n\n| | |\n|---|---|\n");
        machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
        md.append("\n## Targets\n\n| target | goal | measured | met | gap |\n|---|---|---|---|---|\n");
        for (Target t : targets) {
            md.append("| ").append(t.name()).append(" | ").append(cell(t.goal())).append(" | ").append(cell(t.measured()))
                    .append(" | ").append(t.met() ? "yes" : t.measured().startsWith("not measured") ? "n/a" : "**no**").append(" | ").append(cell(t.gap())).append(" |\n");
        }
        md.append(problems.isEmpty() ? "\nEvery job succeeded and every row came back.\n"
                : "\n**Problems in this run:**\n\n");
        problems.forEach(p -> md.append("- ").append(cell(p)).append('\n'));
        for (Map.Entry<String, List<Figure>> s : sections.entrySet()) {
            md.append("\n## ").append(s.getKey()).append("\n\n");
            if (!s.getValue().isEmpty()) {
                md.append("| measure | value | unit | note |\n|---|---:|---|---|\n");
                for (Figure f : s.getValue()) {
                    md.append("| ").append(cell(f.measure())).append(" | ").append(format(f.value())).append(" | ")
                            .append(f.unit()).append(" | ").append(cell(f.note())).append(" |\n");
                }
            }
            for (String n : notes.getOrDefault(s.getKey(), List.of())) {
                md.append('\n').append(n).append('\n');
            }
        }
        Files.writeString(dir.resolve("report.md"), md);

        StringBuilder csv = new StringBuilder("section,measure,value,unit,note\n");
        for (List<Figure> fs : sections.values()) {
            for (Figure f : fs) {
                csv.append(quote(f.section())).append(',').append(quote(f.measure())).append(',')
                        .append(String.format(Locale.ROOT, "%.6g", f.value())).append(',').append(quote(f.unit()))
                        .append(',').append(quote(f.note())).append('\n');
            }
        }
        for (Target t : targets) {
            csv.append(quote("target")).append(',').append(quote(t.name())).append(',').append(t.met() ? 1 : 0)
                    .append(",met,").append(quote(t.measured() + "; goal " + t.goal() + "; " + t.gap())).append('\n');
        }
        Files.writeString(dir.resolve("report.csv"), csv);
    }

    static String format(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
