package io.satellite.engine.launchpad;

import java.nio.file.Path;
import java.util.Set;

/** The processes and directories a launchpad keeps between jobs (zygotes, warm workers). */
public record Standby(Set<Long> pids, Set<Path> directories) {
    public static final Standby NONE = new Standby(Set.of(), Set.of());
}
