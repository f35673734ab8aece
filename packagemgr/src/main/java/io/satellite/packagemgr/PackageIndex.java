package io.satellite.packagemgr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The packages a repository offers. One name may come in several versions (e.g. a merged
 * current + archive index); {@link #versionsOf} lists them highest first, keeping the first
 * listed of two equal versions first.
 */
public final class PackageIndex {

    private final Map<String, List<PackageDescription>> byName = new LinkedHashMap<>();

    public PackageIndex(Collection<PackageDescription> packages) {
        for (PackageDescription p : packages) {
            byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
        }
        Comparator<PackageDescription> highestFirst =
                Comparator.comparing(PackageDescription::version).reversed();
        byName.replaceAll((name, versions) -> versions.stream().sorted(highestFirst).toList());
    }

    /** Parses the text of a {@code src/contrib/PACKAGES} file. */
    public static PackageIndex parse(String packagesText) {
        return new PackageIndex(DcfParser.parse(packagesText).stream().map(PackageDescription::fromDcf).toList());
    }

    /** Every version offered of {@code name}, highest first; empty if none. */
    public List<PackageDescription> versionsOf(String name) {
        return byName.getOrDefault(name, List.of());
    }

    /** Package names offered, sorted. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(byName.keySet()));
    }

    public boolean contains(String name) {
        return byName.containsKey(name);
    }
}
