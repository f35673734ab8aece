package io.satellite.packagemgr;

import java.util.List;
import java.util.Objects;

/**
 * One package of an {@link InstallPlan}.
 *
 * @param name             package name
 * @param version          the version that will be present after the plan runs
 * @param action           what the plan does with it
 * @param installedVersion the version installed now, or {@code null} if none
 * @param source           the repository entry to install, or {@code null} when {@link Action#ALREADY_SATISFIED}
 * @param requiredBy       who needs it: {@code "requested"} and/or {@code "name version"} of dependents
 */
public record PlannedPackage(
        String name,
        RVersion version,
        Action action,
        RVersion installedVersion,
        PackageDescription source,
        List<String> requiredBy) {

    /** What happens to the package. */
    public enum Action {
        /** Not installed; will be installed. */
        NEW,
        /** An older version is installed; a newer one will replace it. */
        UPGRADE,
        /** A newer version is installed but a constraint excludes it; an older one will replace it. */
        DOWNGRADE,
        /** The installed version meets every constraint; nothing to do. */
        ALREADY_SATISFIED
    }

    public PlannedPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(action, "action");
        if ((source == null) != (action == Action.ALREADY_SATISFIED)) {
            throw new IllegalArgumentException(name + ": a source is needed exactly when something is installed");
        }
        requiredBy = List.copyOf(requiredBy);
    }

    @Override
    public String toString() {
        String from = installedVersion == null || action == Action.ALREADY_SATISFIED ? "" : " (installed " + installedVersion + ")";
        return action + " " + name + " " + version + from;
    }
}
