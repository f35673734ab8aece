package io.satellite.packagemgr;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of an R dependency field ({@code Depends}, {@code Imports}, {@code LinkingTo},
 * {@code Suggests}), e.g. {@code Rcpp (>= 1.0.1)} or {@code methods}. {@code operator} and
 * {@code version} are either both present or both {@code null}. The name {@code R} stands for R
 * itself ({@link #isR()}).
 */
public record DependencySpec(String name, VersionOperator operator, RVersion version) {

    private static final Pattern ENTRY = Pattern.compile(
            "([A-Za-z][A-Za-z0-9.]*)\\s*(?:\\(\\s*(>=|<=|==|!=|>|<)\\s*([^\\s()]+)\\s*\\))?");

    public DependencySpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("dependency name is blank");
        }
        if ((operator == null) != (version == null)) {
            throw new IllegalArgumentException("dependency '" + name
                    + "': operator and version must be given together");
        }
    }

    /** A dependency on any version of {@code name}. */
    public static DependencySpec of(String name) {
        return new DependencySpec(name, null, null);
    }

    /**
     * Parses one entry such as {@code Rcpp (>= 1.0.1)}.
     *
     * @throws IllegalArgumentException naming the entry if it is malformed
     */
    public static DependencySpec parse(String entry) {
        Objects.requireNonNull(entry, "entry");
        Matcher m = ENTRY.matcher(entry.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed dependency '" + entry.strip()
                    + "': expected 'name' or 'name (op version)' with op one of >=, >, <=, <, ==, !=");
        }
        if (m.group(2) == null) {
            return of(m.group(1));
        }
        try {
            return new DependencySpec(m.group(1), VersionOperator.fromSymbol(m.group(2)), RVersion.parse(m.group(3)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed dependency '" + entry.strip() + "': " + e.getMessage(), e);
        }
    }

    /**
     * Parses a whole comma-separated field, e.g. {@code "R (>= 3.5.0), methods, Rcpp (>= 1.0.1),\n stats"}.
     * Empty entries are skipped and exact duplicates dropped, as R does; {@code null} or blank gives
     * an empty list.
     */
    public static List<DependencySpec> parseField(String fieldValue) {
        if (fieldValue == null || fieldValue.isBlank()) {
            return List.of();
        }
        Set<DependencySpec> specs = new LinkedHashSet<>();
        for (String entry : fieldValue.split(",")) {
            if (!entry.isBlank()) {
                specs.add(parse(entry));
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(specs));
    }

    public boolean isVersioned() {
        return operator != null;
    }

    /** Whether this names R itself rather than a package. */
    public boolean isR() {
        return name.equals("R");
    }

    /** Whether {@code candidate} meets the version constraint; always true without one. */
    public boolean satisfiedBy(RVersion candidate) {
        Objects.requireNonNull(candidate, "candidate");
        return operator == null || operator.test(candidate, version);
    }

    /** R's spelling, e.g. {@code Rcpp (>= 1.0.1)}. */
    @Override
    public String toString() {
        return operator == null ? name : name + " (" + operator.symbol() + " " + version + ")";
    }
}
