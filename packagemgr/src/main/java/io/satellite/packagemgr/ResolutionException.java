package io.satellite.packagemgr;

import java.util.Objects;

/** The packages asked for cannot be installed; the message says exactly why. */
public class ResolutionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What kind of problem stopped the resolution. */
    public enum Kind {
        /** A package (asked for or needed) is neither installed nor in the repository. */
        MISSING_DEPENDENCY,
        /** No available or installed version meets every constraint (including the R version). */
        VERSION_CONFLICT,
        /** Packages depend on each other in a circle, so none can be installed first. */
        DEPENDENCY_CYCLE
    }

    private final Kind kind;

    public ResolutionException(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
