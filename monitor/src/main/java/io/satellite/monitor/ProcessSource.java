package io.satellite.monitor;

import java.util.List;
import java.util.Optional;

/** Where readings of single processes come from: the OS ({@link OshiProcesses}) or canned ones in tests. */
interface ProcessSource {
    /** The process now, or empty if it no longer exists. */
    Optional<ProcessReading> read(int pid);

    /** Its direct children now (empty if it has none or has gone), given its reading. */
    List<Integer> children(ProcessReading process);

    /** Its proportional set size (shared pages divided among sharers) in bytes, or -1 if unknown. */
    long proportionalSetBytes(int pid);
}
