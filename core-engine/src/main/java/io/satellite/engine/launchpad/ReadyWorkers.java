package io.satellite.engine.launchpad;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** Workers of one language started ahead of their jobs, each for one job, refilled in the background. */
interface ReadyWorkers extends AutoCloseable {
    /** A fresh worker; fails when none can be had now (the launchpad then starts one cold). */
    Worker take() throws IOException;

    /** Workers ready right now. */
    int readyCount();

    /** Adds the processes and directories kept between jobs (pids, working directories). */
    void addStandby(Set<Long> pids, Set<Path> dirs);

    @Override
    void close();
}
