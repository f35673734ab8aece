package io.satellite.packagemgr;

import static io.satellite.packagemgr.PlannedPackage.Action.ALREADY_SATISFIED;
import static io.satellite.packagemgr.PlannedPackage.Action.DOWNGRADE;
import static io.satellite.packagemgr.PlannedPackage.Action.NEW;
import static io.satellite.packagemgr.PlannedPackage.Action.UPGRADE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyResolverTest {

    private static final RVersion R_4_2_2 = RVersion.parse("4.2.2");

    /** A canned repository index in the format of src/contrib/PACKAGES. */
    private static final String PACKAGES = """
            Package: A
            Version: 1.0
            Depends: R (>= 3.5.0), methods
            Imports: B (>= 1.1),
                stats
            Suggests: testthat, Zzz

            Package: B
            Version: 1.0
            Imports: C

            Package: B
            Version: 1.2
            Imports: C
            LinkingTo: Rcpp (>= 1.0.1)

            Package: B
            Version: 2.0
            Depends: R (>= 4.3.0)
            Imports: C

            Package: C
            Version: 0.5-1
            Imports: MASS, Matrix (>= 1.2), utils

            Package: Rcpp
            Version: 1.0.9
            Imports: methods, utils
            """;

    private final Map<String, RVersion> installed = new HashMap<>();

    private InstallPlan resolve(String packagesText, String... names) throws ResolutionException {
        return resolver(packagesText).resolve(names);
    }

    private DependencyResolver resolver(String packagesText) {
        return new DependencyResolver(PackageIndex.parse(packagesText), installed,
                DependencyResolver.R_4_2_BASE_AND_RECOMMENDED, R_4_2_2);
    }

    private static List<String> summary(InstallPlan plan) {
        return plan.packages().stream().map(p -> p.action() + " " + p.name() + " " + p.version()).toList();
    }

    private static ResolutionException failure(ResolutionException.Kind kind, String packagesText, String... names) {
        ResolutionException e = assertThrows(ResolutionException.class,
                () -> new DependencyResolver(PackageIndex.parse(packagesText), Map.of(),
                        DependencyResolver.R_4_2_BASE_AND_RECOMMENDED, R_4_2_2).resolve(names));
        assertEquals(kind, e.kind(), e.getMessage());
        return e;
    }

    @Test
    void chainIsInstalledDependenciesFirstWithHighestVersionThatFitsR() throws ResolutionException {
        InstallPlan plan = resolve(PACKAGES, "A");
        // B 2.0 needs R >= 4.3.0, so B 1.2 is the highest that works on R 4.2.2; Suggests are ignored.
        assertEquals(List.of("NEW C 0.5-1", "NEW Rcpp 1.0.9", "NEW B 1.2", "NEW A 1.0"), summary(plan));
        assertEquals(List.of("B 1.2"), plan.packages().get(0).requiredBy());
        assertEquals(List.of("requested"), plan.packages().get(3).requiredBy());
        assertEquals("1.2", plan.packages().get(2).source().version().toString());
        assertEquals(summary(plan), summary(resolve(PACKAGES, "A")), "deterministic");
    }

    @Test
    void baseAndRecommendedPackagesAreAlwaysPresent() throws ResolutionException {
        InstallPlan plan = resolve(PACKAGES, "C", "stats", "MASS");
        assertEquals(List.of("NEW C 0.5-1"), summary(plan));
        assertTrue(DependencyResolver.R_4_2_BASE_AND_RECOMMENDED.containsAll(List.of("base", "tcltk", "KernSmooth", "survival")));
        assertEquals(29, DependencyResolver.R_4_2_BASE_AND_RECOMMENDED.size());
    }

    @Test
    void installedSatisfyingVersionIsKept() throws ResolutionException {
        installed.put("B", RVersion.parse("1.1"));
        InstallPlan plan = resolve(PACKAGES, "A");
        assertEquals(List.of("ALREADY_SATISFIED B 1.1", "NEW A 1.0"), summary(plan));
        assertEquals(List.of("A"), plan.toInstall().stream().map(PlannedPackage::name).toList());
        assertEquals(ALREADY_SATISFIED, plan.packages().get(0).action());
    }

    @Test
    void installedTooOldVersionIsUpgraded() throws ResolutionException {
        installed.put("B", RVersion.parse("1.0-5"));
        installed.put("C", RVersion.parse("0.5.1"));
        PlannedPackage b = resolve(PACKAGES, "A").packages().stream()
                .filter(p -> p.name().equals("B")).findFirst().orElseThrow();
        assertEquals(UPGRADE, b.action());
        assertEquals("1.2", b.version().toString());
        assertEquals("1.0-5", b.installedVersion().toString());
        assertEquals(List.of("ALREADY_SATISFIED C 0.5.1", "NEW Rcpp 1.0.9", "UPGRADE B 1.2", "NEW A 1.0"),
                summary(resolve(PACKAGES, "A")));
    }

    @Test
    void constraintFoundAfterAChoiceRevisesIt() throws ResolutionException {
        // D is reached (unconstrained) before E adds D (>= 2.0): the installed D 1.0 must still be upgraded.
        installed.put("D", RVersion.parse("1.0"));
        String packages = """
                Package: Top
                Version: 1.0
                Imports: B, C

                Package: B
                Version: 1.0
                Imports: D

                Package: C
                Version: 1.0
                Imports: E

                Package: E
                Version: 1.0
                Imports: D (>= 2.0)

                Package: D
                Version: 2.1
                """;
        assertEquals(List.of("UPGRADE D 2.1", "NEW B 1.0", "NEW E 1.0", "NEW C 1.0", "NEW Top 1.0"),
                summary(resolve(packages, "Top")));
    }

    @Test
    void constraintCanForceADowngrade() throws ResolutionException {
        installed.put("D", RVersion.parse("3.0"));
        String packages = "Package: X\nVersion: 1.0\nImports: D (< 3.0)\n\nPackage: D\nVersion: 2.5\n\nPackage: D\nVersion: 3.0\n";
        assertEquals(List.of("DOWNGRADE D 2.5", "NEW X 1.0"), summary(resolve(packages, "X")));
        assertEquals(DOWNGRADE, resolve(packages, "X").packages().get(0).action());
    }

    @Test
    void versionConflictNamesConstraintRequirerAndAvailableVersion() {
        String packages = "Package: A\nVersion: 1.0\nImports: B (>= 2.5)\n\nPackage: B\nVersion: 1.2\n";
        ResolutionException e = failure(ResolutionException.Kind.VERSION_CONFLICT, packages, "A");
        assertEquals("version conflict for package 'B': needs B (>= 2.5) required by A 1.0;"
                + " available in the repository: 1.2; installed: none", e.getMessage());
    }

    @Test
    void conflictWithRVersionIsNamed() {
        String packages = "Package: A\nVersion: 1.0\nImports: B (>= 2.0)\n\nPackage: B\nVersion: 2.0\nDepends: R (>= 4.3.0)\n";
        ResolutionException e = failure(ResolutionException.Kind.VERSION_CONFLICT, packages, "A");
        assertEquals("version conflict for package 'B': no version meeting B (>= 2.0) required by A 1.0"
                + " works with R 4.2.2: B 2.0 needs R (>= 4.3.0)", e.getMessage());
    }

    @Test
    void baseOrRecommendedPackageTooOldIsAConflict() {
        String packages = "Package: A\nVersion: 1.0\nImports: methods (>= 4.3)\n";
        ResolutionException e = failure(ResolutionException.Kind.VERSION_CONFLICT, packages, "A");
        assertEquals("version conflict for package 'methods': needs methods (>= 4.3) required by A 1.0,"
                + " but methods 4.2.2 comes with R 4.2.2 and is not replaced", e.getMessage());
    }

    @Test
    void missingDependencyIsNamedWithWhoNeedsIt() {
        ResolutionException e = failure(ResolutionException.Kind.MISSING_DEPENDENCY,
                "Package: A\nVersion: 1.0\nImports: B\n\nPackage: B\nVersion: 1.0\nDepends: Ghost (>= 0.1)\n", "A");
        assertEquals("missing dependency: package 'Ghost' is not installed and not in the repository;"
                + " needed for: Ghost (>= 0.1) required by B 1.0", e.getMessage());
        ResolutionException requested = failure(ResolutionException.Kind.MISSING_DEPENDENCY, PACKAGES, "Nope");
        assertTrue(requested.getMessage().endsWith("needed for: Nope (requested)"), requested.getMessage());
    }

    @Test
    void cycleIsReportedAsAPath() {
        String packages = """
                Package: A
                Version: 1.0
                Imports: B

                Package: B
                Version: 1.0
                LinkingTo: C

                Package: C
                Version: 1.0
                Depends: A
                """;
        ResolutionException e = failure(ResolutionException.Kind.DEPENDENCY_CYCLE, packages, "A");
        assertEquals("dependency cycle: A -> B -> C -> A", e.getMessage());
    }
}
