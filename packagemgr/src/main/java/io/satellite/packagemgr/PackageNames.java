package io.satellite.packagemgr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Package names as R allows them: letters, digits and dots, starting with a letter, not ending in a dot. */
public final class PackageNames {
    private static final Pattern VALID = Pattern.compile("[A-Za-z][A-Za-z0-9.]*[A-Za-z0-9]|[A-Za-z]");

    private PackageNames() {
    }

    /** The names, checked, without duplicates. */
    static List<String> check(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new PackageException(PackageException.INVALID, "no package named: give one or more package names");
        }
        for (String n : names) {
            if (n == null || !VALID.matcher(n).matches()) {
                throw new PackageException(PackageException.INVALID, "'" + n + "' is not a valid R package name");
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(names));
    }

    /** Splits "a, b c" into names. */
    public static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.strip().split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }
}
