package io.satellite.packagemgr;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Works out which packages to install, in which order, for a request such as "install
 * {@code ggplot2}". Follows Depends, Imports and LinkingTo (not Suggests); for each package picks
 * the installed version if it meets every constraint, else the highest repository version that
 * does and that works with the running R. Packages in the always-present set (R's base and
 * recommended packages) are never installed or replaced. The result is deterministic: roots in
 * request order, dependencies in declaration order.
 */
public final class DependencyResolver {

    /** R 4.2's base packages; their version is R's own. */
    public static final Set<String> R_4_2_BASE_PACKAGES = Set.of(
            "base", "compiler", "datasets", "grDevices", "graphics", "grid", "methods", "parallel",
            "splines", "stats", "stats4", "tcltk", "tools", "utils");

    /** R 4.2's recommended packages, shipped with every R installation. */
    public static final Set<String> R_4_2_RECOMMENDED_PACKAGES = Set.of(
            "KernSmooth", "MASS", "Matrix", "boot", "class", "cluster", "codetools", "foreign",
            "lattice", "mgcv", "nlme", "nnet", "rpart", "spatial", "survival");

    /** Base and recommended packages of R 4.2: always present, never installed by a plan. */
    public static final Set<String> R_4_2_BASE_AND_RECOMMENDED = Stream
            .concat(R_4_2_BASE_PACKAGES.stream(), R_4_2_RECOMMENDED_PACKAGES.stream())
            .collect(Collectors.toUnmodifiableSet());

    private final PackageIndex repository;
    private final Map<String, RVersion> installed;
    private final Set<String> alwaysPresent;
    private final RVersion rVersion;
    private Set<String> upgrades = Set.of();

    /**
     * @param repository    packages available for installation
     * @param installed     packages installed now (name to version), including known versions of
     *                      recommended packages if the caller has them
     * @param alwaysPresent packages that come with R, usually {@link #R_4_2_BASE_AND_RECOMMENDED}
     * @param rVersion      the version of R the packages will run on
     */
    public DependencyResolver(PackageIndex repository, Map<String, RVersion> installed,
                              Set<String> alwaysPresent, RVersion rVersion) {
        this.repository = Objects.requireNonNull(repository, "repository");
        this.installed = Map.copyOf(installed);
        this.alwaysPresent = Set.copyOf(alwaysPresent);
        this.rVersion = Objects.requireNonNull(rVersion, "rVersion");
    }

    /**
     * Asks for the highest version the repository offers of {@code names} even where the
     * installed version meets every constraint (an upgrade, not an install).
     */
    public DependencyResolver upgrading(Set<String> names) {
        this.upgrades = Set.copyOf(names);
        return this;
    }

    public InstallPlan resolve(String... packageNames) throws ResolutionException {
        return resolve(List.of(packageNames));
    }

    /**
     * Plans the installation of {@code packageNames} and everything they need.
     *
     * @throws ResolutionException naming the missing package, the unmet constraint or the cycle
     */
    public InstallPlan resolve(List<String> packageNames) throws ResolutionException {
        Set<String> roots = new LinkedHashSet<>(packageNames);
        Map<String, Set<Requirement>> known = new HashMap<>();
        // Constraints found late (after their package was chosen) are fed back and the choice
        // redone. Each round adds at least one constraint, so this ends.
        while (true) {
            Map<String, SelectedVersion> chosen = new LinkedHashMap<>();
            Map<String, Set<Requirement>> found = new LinkedHashMap<>();
            select(roots, known, chosen, found);
            if (allMet(chosen, found)) {
                return InstallOrder.plan(roots, chosen, found, installed);
            }
            found.forEach((name, reqs) -> known.computeIfAbsent(name, n -> new LinkedHashSet<>()).addAll(reqs));
        }
    }

    private void select(Set<String> roots, Map<String, Set<Requirement>> known,
                        Map<String, SelectedVersion> chosen, Map<String, Set<Requirement>> found)
            throws ResolutionException {
        ArrayDeque<String> queue = new ArrayDeque<>();
        for (String root : roots) {
            found.computeIfAbsent(root, n -> new LinkedHashSet<>()).add(Requirement.requested(root));
            queue.add(root);
        }
        while (!queue.isEmpty()) {
            String name = queue.poll();
            if (chosen.containsKey(name)) {
                continue;
            }
            Set<Requirement> reqs = new LinkedHashSet<>(known.getOrDefault(name, Set.of()));
            reqs.addAll(found.get(name));
            SelectedVersion choice = choose(name, reqs);
            chosen.put(name, choice);
            if (choice.source() != null) {
                for (DependencySpec dep : choice.source().hardDependencies()) {
                    if (!dep.isR()) {
                        found.computeIfAbsent(dep.name(), n -> new LinkedHashSet<>())
                                .add(Requirement.of(dep, choice.source()));
                        queue.add(dep.name());
                    }
                }
            }
        }
    }

    private static boolean allMet(Map<String, SelectedVersion> chosen, Map<String, Set<Requirement>> found) {
        return found.entrySet().stream().allMatch(e -> {
            RVersion version = chosen.get(e.getKey()).version();
            return version == null || e.getValue().stream().allMatch(r -> r.spec().satisfiedBy(version));
        });
    }

    private SelectedVersion choose(String name, Set<Requirement> reqs) throws ResolutionException {
        List<Requirement> versioned = reqs.stream().filter(r -> r.spec().isVersioned()).toList();
        if (alwaysPresent.contains(name)) {
            return choosePartOfR(name, versioned);
        }
        RVersion current = installed.get(name);
        if (current != null && meetsAll(versioned, current) && !newerOffered(name, current, versioned)) {
            return new SelectedVersion(name, current, null, false);
        }
        List<PackageDescription> offered = repository.versionsOf(name);
        if (offered.isEmpty() && current == null) {
            throw new ResolutionException(ResolutionException.Kind.MISSING_DEPENDENCY,
                    "missing dependency: package '" + name + "' is not installed and not in the repository; needed for: "
                            + describe(reqs));
        }
        List<PackageDescription> matching = offered.stream().filter(d -> meetsAll(versioned, d.version())).toList();
        if (matching.isEmpty()) {
            String available = offered.isEmpty() ? "none"
                    : offered.stream().map(d -> d.version().toString()).collect(Collectors.joining(", "));
            throw new ResolutionException(ResolutionException.Kind.VERSION_CONFLICT,
                    "version conflict for package '" + name + "': needs " + describe(versioned)
                            + "; available in the repository: " + available
                            + "; installed: " + (current == null ? "none" : current));
        }
        for (PackageDescription candidate : matching) {
            if (unmetRNeeds(candidate).isEmpty()) {
                return new SelectedVersion(name, candidate.version(), candidate, false);
            }
        }
        throw new ResolutionException(ResolutionException.Kind.VERSION_CONFLICT,
                "version conflict for package '" + name + "': no version meeting " + describe(reqs)
                        + " works with R " + rVersion + ": " + matching.stream()
                        .map(d -> d + " needs " + unmetRNeeds(d).get(0))
                        .collect(Collectors.joining(", ")));
    }

    private boolean newerOffered(String name, RVersion current, List<Requirement> versioned) {
        return upgrades.contains(name) && repository.versionsOf(name).stream()
                .anyMatch(d -> d.version().isNewerThan(current) && meetsAll(versioned, d.version())
                        && unmetRNeeds(d).isEmpty());
    }

    private SelectedVersion choosePartOfR(String name, List<Requirement> versioned) throws ResolutionException {
        RVersion version = installed.containsKey(name) ? installed.get(name)
                : R_4_2_BASE_PACKAGES.contains(name) ? rVersion : null;
        if (version != null) {
            for (Requirement r : versioned) {
                if (!r.spec().satisfiedBy(version)) {
                    throw new ResolutionException(ResolutionException.Kind.VERSION_CONFLICT,
                            "version conflict for package '" + name + "': needs " + r + ", but " + name + " "
                                    + version + " comes with R " + rVersion + " and is not replaced");
                }
            }
        }
        return new SelectedVersion(name, version, null, true);
    }

    private List<DependencySpec> unmetRNeeds(PackageDescription candidate) {
        return candidate.hardDependencies().stream().filter(d -> d.isR() && !d.satisfiedBy(rVersion)).toList();
    }

    private static boolean meetsAll(List<Requirement> versioned, RVersion version) {
        return versioned.stream().allMatch(r -> r.spec().satisfiedBy(version));
    }

    private static String describe(Collection<Requirement> reqs) {
        return reqs.stream().map(Requirement::toString).collect(Collectors.joining("; "));
    }
}
