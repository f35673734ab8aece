package io.satellite.engine.launchpad.sandbox;

/**
 * One isolation feature or limit and whether a probe on this host found it enforced.
 *
 * @param detail what the probe did and saw, e.g. "a 128 MiB allocation failed under a 64 MiB limit"
 */
public record IsolationFeature(String name, boolean enforced, String detail) {
    @Override
    public String toString() {
        return (enforced ? "[enforced]     " : "[NOT enforced] ") + name + ": " + detail;
    }
}
