package io.satellite.packagemgr;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who depends on a package that is to be removed. A package in the shared library is needed
 * by shared packages and by private packages whose own library does not hold it; one in a
 * private library only by packages of that library.
 */
final class Dependents {
    private Dependents() {
    }

    /**
     * The records to remove for removing {@code name} from {@code target}: the package itself,
     * and with {@code cascade} every package of the same library that needs it (dependents
     * first). Refused while packages need it (without cascade), or while packages of other
     * libraries need it.
     */
    static List<ExternalLibrary> toRemove(List<ExternalLibrary> all, LibraryTarget target, String name, boolean cascade) {
        ExternalLibrary root = all.stream().filter(l -> inTarget(l, target) && l.name().equals(name)).findFirst()
                .orElseThrow(() -> new PackageException(PackageException.INVALID, "package " + name
                        + " is not installed in " + target.describe()));
        Set<ExternalLibrary> removing = new LinkedHashSet<>(List.of(root));
        ArrayDeque<ExternalLibrary> queue = new ArrayDeque<>(List.of(root));
        List<ExternalLibrary> blocking = new ArrayList<>();
        while (!queue.isEmpty()) {
            ExternalLibrary gone = queue.poll();
            for (ExternalLibrary l : all) {
                if (removing.contains(l) || !l.depends().contains(gone.name()) || !resolvesTo(all, l, gone)) {
                    continue;
                }
                if (!cascade || !inTarget(l, target)) {
                    blocking.add(l);
                    continue;
                }
                removing.add(l);
                queue.add(l);
            }
        }
        if (!blocking.isEmpty()) {
            String who = blocking.stream().distinct().map(l -> l.name() + " " + l.version() + " ("
                    + (l.scope() == LibraryScope.SHARED ? "shared" : "private library of " + l.owner()) + ")")
                    .collect(Collectors.joining(", "));
            throw new PackageException(PackageException.IN_USE, "package " + name + " cannot be removed from "
                    + target.describe() + ": it is needed by " + who
                    + (cascade ? "; packages of other libraries are never removed by cascade"
                            : "; remove those first, or remove with cascade"));
        }
        List<ExternalLibrary> ordered = new ArrayList<>(removing);
        java.util.Collections.reverse(ordered);
        return ordered;
    }

    private static boolean inTarget(ExternalLibrary l, LibraryTarget t) {
        return l.scope() == t.scope() && l.owner().equals(t.owner()) && l.language().equals(t.language());
    }

    /** Whether {@code user}'s dependency on {@code dep.name()} is served by {@code dep} (not by a private copy). */
    private static boolean resolvesTo(List<ExternalLibrary> all, ExternalLibrary user, ExternalLibrary dep) {
        if (dep.scope() == LibraryScope.PRIVATE) {
            return user.scope() == LibraryScope.PRIVATE && user.owner().equals(dep.owner());
        }
        if (user.scope() == LibraryScope.SHARED) {
            return true;
        }
        return all.stream().noneMatch(l -> l.scope() == LibraryScope.PRIVATE && l.owner().equals(user.owner())
                && l.name().equals(dep.name()));
    }
}
