package io.satellite.app.console.shell;

import io.satellite.app.console.audit.AuditFeature;
import io.satellite.app.console.dashboard.DashboardFeature;
import io.satellite.app.console.jobs.JobsFeature;
import io.satellite.app.console.pools.PoolsFeature;
import io.satellite.app.console.security.SecurityFeature;
import io.satellite.app.console.settings.SettingsFeature;
import io.satellite.app.console.query.QueryFeature;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The views of the console's navigation, in order. A new view is one {@link ConsoleFeature} and
 * one {@link #register} call; the shell lays out the sections in the order they first appear.
 */
public final class ViewRegistry {
    private final List<ConsoleFeature> features = new ArrayList<>();

    /** Dashboard, Jobs, Query, Security, Packages, Resource pools, Runtimes & settings and Audit. */
    public static ViewRegistry standard() {
        return new ViewRegistry()
                .register(new DashboardFeature())
                .register(new JobsFeature())
                .register(new QueryFeature())
                .register(new SecurityFeature())
                .register(new io.satellite.app.console.packages.PackagesFeature())
                .register(new PoolsFeature())
                .register(new SettingsFeature())
                .register(new AuditFeature());
    }

    public ViewRegistry register(ConsoleFeature feature) {
        if (features.stream().anyMatch(f -> f.id().equals(feature.id()))) {
            throw new IllegalArgumentException("a view with id '" + feature.id() + "' is registered already");
        }
        features.add(feature);
        return this;
    }

    public List<ConsoleFeature> features() {
        return List.copyOf(features);
    }

    /** The sections, in the order of their first view. */
    public List<String> sections() {
        Set<String> s = new LinkedHashSet<>();
        features.forEach(f -> s.add(f.section()));
        return List.copyOf(s);
    }
}
