package io.satellite.packagemgr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Orders the resolver's choices dependencies-first (depth-first, in declaration order) and finds cycles. */
final class InstallOrder {

    private final Map<String, SelectedVersion> chosen;
    private final Map<String, ? extends Collection<Requirement>> requirements;
    private final Map<String, RVersion> installed;
    private final List<PlannedPackage> ordered = new ArrayList<>();
    private final Set<String> done = new HashSet<>();
    private final List<String> path = new ArrayList<>();

    private InstallOrder(Map<String, SelectedVersion> chosen,
                         Map<String, ? extends Collection<Requirement>> requirements,
                         Map<String, RVersion> installed) {
        this.chosen = chosen;
        this.requirements = requirements;
        this.installed = installed;
    }

    static InstallPlan plan(Collection<String> roots, Map<String, SelectedVersion> chosen,
                            Map<String, ? extends Collection<Requirement>> requirements,
                            Map<String, RVersion> installed) throws ResolutionException {
        InstallOrder order = new InstallOrder(chosen, requirements, installed);
        for (String root : roots) {
            order.visit(root);
        }
        return new InstallPlan(order.ordered);
    }

    private void visit(String name) throws ResolutionException {
        if (done.contains(name)) {
            return;
        }
        int onPath = path.indexOf(name);
        if (onPath >= 0) {
            List<String> cycle = new ArrayList<>(path.subList(onPath, path.size()));
            cycle.add(name);
            throw new ResolutionException(ResolutionException.Kind.DEPENDENCY_CYCLE,
                    "dependency cycle: " + String.join(" -> ", cycle));
        }
        SelectedVersion choice = chosen.get(name);
        path.add(name);
        if (choice.source() != null) {
            for (DependencySpec dep : choice.source().hardDependencies()) {
                if (!dep.isR()) {
                    visit(dep.name());
                }
            }
        }
        path.remove(path.size() - 1);
        done.add(name);
        if (!choice.partOfR()) {
            ordered.add(planned(choice));
        }
    }

    private PlannedPackage planned(SelectedVersion choice) {
        RVersion current = installed.get(choice.name());
        List<String> requiredBy = requirements.get(choice.name()).stream()
                .map(Requirement::requiredBy).distinct().toList();
        PlannedPackage.Action action;
        if (choice.source() == null) {
            action = PlannedPackage.Action.ALREADY_SATISFIED;
        } else if (current == null) {
            action = PlannedPackage.Action.NEW;
        } else if (choice.version().isNewerThan(current)) {
            action = PlannedPackage.Action.UPGRADE;
        } else if (choice.version().isOlderThan(current)) {
            action = PlannedPackage.Action.DOWNGRADE;
        } else {
            throw new IllegalStateException(choice.name() + " " + current + " is installed and chosen, yet planned");
        }
        return new PlannedPackage(choice.name(), choice.version(), action, current, choice.source(), requiredBy);
    }
}
