package io.satellite.packagemgr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DependentsTest {
    private static final LibraryTarget SHARED = new LibraryTarget("R", LibraryScope.SHARED, "PUBLIC", Path.of("/s"));
    private static final LibraryTarget ALICE = new LibraryTarget("R", LibraryScope.PRIVATE, "ALICE", Path.of("/a"));

    private static ExternalLibrary lib(String name, LibraryScope scope, String owner, String... depends) {
        return new ExternalLibrary(name.hashCode() + owner.hashCode(), name, RVersion.parse("1.0"), "R", scope, owner,
                owner, Instant.EPOCH, List.of(depends), "", 1);
    }

    private final List<ExternalLibrary> all = List.of(
            lib("c", LibraryScope.SHARED, "PUBLIC"),
            lib("b", LibraryScope.SHARED, "PUBLIC", "c"),
            lib("a", LibraryScope.SHARED, "PUBLIC", "b"),
            lib("p", LibraryScope.PRIVATE, "ALICE", "c"),
            lib("c", LibraryScope.PRIVATE, "BOB"),
            lib("q", LibraryScope.PRIVATE, "BOB", "c"));

    @Test
    void aPackageNobodyNeedsGoesAlone() {
        assertEquals(List.of("a"), Dependents.toRemove(all, SHARED, "a", false).stream().map(ExternalLibrary::name).toList());
    }

    @Test
    void aNeededPackageIsRefusedNamingWhoNeedsIt() {
        PackageException e = assertThrows(PackageException.class, () -> Dependents.toRemove(all, SHARED, "b", false));
        assertEquals(PackageException.IN_USE, e.sqlState());
        assertTrue(e.getMessage().contains("needed by a 1.0 (shared)"), e.getMessage());
    }

    @Test
    void cascadeRemovesDependentsFirstWithinTheLibrary() {
        assertEquals(List.of("a", "b"), Dependents.toRemove(all, SHARED, "b", true).stream().map(ExternalLibrary::name).toList());
    }

    @Test
    void privatePackagesUsingASharedOneBlockEvenACascade() {
        PackageException e = assertThrows(PackageException.class, () -> Dependents.toRemove(all, SHARED, "c", true));
        assertTrue(e.getMessage().contains("p 1.0 (private library of ALICE)"), e.getMessage());
        assertTrue(!e.getMessage().contains("q 1.0"), "BOB's q uses BOB's own c: " + e.getMessage());
    }

    @Test
    void aPackageNotInTheLibraryIsNamed() {
        PackageException e = assertThrows(PackageException.class, () -> Dependents.toRemove(all, ALICE, "c", false));
        assertTrue(e.getMessage().contains("package c is not installed in the private library of ALICE"), e.getMessage());
    }
}
