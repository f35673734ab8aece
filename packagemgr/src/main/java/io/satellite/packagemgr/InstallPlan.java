package io.satellite.packagemgr;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of {@link DependencyResolver#resolve}: every package reached, dependencies before
 * the packages that need them. R's base and recommended packages are not listed.
 */
public record InstallPlan(List<PlannedPackage> packages) {

    public InstallPlan {
        packages = List.copyOf(packages);
    }

    /** The packages that will actually be installed (new, upgraded or downgraded), in order. */
    public List<PlannedPackage> toInstall() {
        return packages.stream().filter(p -> p.action() != PlannedPackage.Action.ALREADY_SATISFIED).toList();
    }

    /** Names of all planned packages, in order. */
    public List<String> names() {
        return packages.stream().map(PlannedPackage::name).toList();
    }

    public boolean nothingToInstall() {
        return toInstall().isEmpty();
    }

    @Override
    public String toString() {
        return packages.stream().map(PlannedPackage::toString).collect(Collectors.joining("\n"));
    }
}
