package io.satellite.packagemgr;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An R package version such as {@code 1.2-3}, {@code 0.10.1} or {@code 4.2.2}, compared as R's
 * {@code package_version}: at least two non-negative integers separated by {@code .} or
 * {@code -}, compared numerically component by component. As in R, the separator does not
 * matter ({@code 1.0-1 == 1.0.1}) and missing trailing components count as zero
 * ({@code 1.0 == 1.0.0}); {@link #toString()} keeps the original spelling.
 */
public final class RVersion implements Comparable<RVersion> {

    private static final Pattern SYNTAX = Pattern.compile("\\d+(?:[.-]\\d+)+");

    private final String text;
    private final int[] components;

    private RVersion(String text, int[] components) {
        this.text = text;
        this.components = components;
    }

    /**
     * Parses a version; surrounding white space is ignored.
     *
     * @throws IllegalArgumentException if the text is not a valid R package version
     */
    public static RVersion parse(String text) {
        Objects.requireNonNull(text, "version text");
        String trimmed = text.strip();
        if (!SYNTAX.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("invalid R package version '" + text
                    + "': expected at least two non-negative integers separated by '.' or '-', e.g. 1.2-3");
        }
        String[] parts = trimmed.split("[.-]");
        int[] numbers = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                numbers[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid R package version '" + text
                        + "': component '" + parts[i] + "' is too large");
            }
        }
        return new RVersion(trimmed, numbers);
    }

    /** The numeric components, in order, as written (trailing zeros included). */
    public List<Integer> components() {
        return Arrays.stream(components).boxed().collect(Collectors.toUnmodifiableList());
    }

    @Override
    public int compareTo(RVersion other) {
        int length = Math.max(components.length, other.components.length);
        for (int i = 0; i < length; i++) {
            int c = Integer.compare(component(i), other.component(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    public boolean isNewerThan(RVersion other) {
        return compareTo(other) > 0;
    }

    public boolean isOlderThan(RVersion other) {
        return compareTo(other) < 0;
    }

    private int component(int i) {
        return i < components.length ? components[i] : 0;
    }

    /** Equal when {@link #compareTo} is zero, so {@code 1.0-1} equals {@code 1.0.1}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof RVersion other && compareTo(other) == 0;
    }

    @Override
    public int hashCode() {
        int end = components.length;
        while (end > 0 && components[end - 1] == 0) {
            end--;
        }
        return Arrays.hashCode(Arrays.copyOf(components, end));
    }

    @Override
    public String toString() {
        return text;
    }
}
