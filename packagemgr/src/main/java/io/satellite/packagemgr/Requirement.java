package io.satellite.packagemgr;

/** A dependency together with who declared it ({@link #REQUESTED} for the caller's own request). */
record Requirement(DependencySpec spec, String requiredBy) {

    static final String REQUESTED = "requested";

    static Requirement requested(String name) {
        return new Requirement(DependencySpec.of(name), REQUESTED);
    }

    static Requirement of(DependencySpec spec, PackageDescription requirer) {
        return new Requirement(spec, requirer.name() + " " + requirer.version());
    }

    @Override
    public String toString() {
        return requiredBy.equals(REQUESTED) ? spec + " (requested)" : spec + " required by " + requiredBy;
    }
}
