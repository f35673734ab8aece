package io.satellite.packagemgr;

/**
 * What a package operation reports while it runs: its steps (resolving, installing k of n,
 * done) and every line of its log. Called on the operation's thread.
 */
public interface PackageProgress {
    PackageProgress NONE = new PackageProgress() {
    };

    /** A step: {@code done} of {@code total} units finished, and what happens now. */
    default void step(int done, int total, String what) {
    }

    /** One line of the operation's log (R CMD INSTALL's output among them). */
    default void log(String line) {
    }
}
