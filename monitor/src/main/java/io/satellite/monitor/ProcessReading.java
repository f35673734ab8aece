package io.satellite.monitor;

/**
 * One process as read at one moment. The cumulative figures (CPU, bytes) include the
 * children the process has already waited for, as Linux accounts them.
 *
 * @param startTime     when the process started (any fixed unit), to tell a reused pid apart
 * @param zombie        exited but not yet waited for: its times still count, its memory does not
 * @param upTimeMillis  how long it has run
 * @param cpuMillis     user + system CPU of the process and of its waited-for children
 * @param readBytes     bytes read from storage, waited-for children included
 * @param writtenBytes  bytes written to storage, waited-for children included
 * @param openFiles     open file descriptors, -1 where the OS does not tell
 */
record ProcessReading(int pid, int parentPid, long startTime, boolean zombie, long upTimeMillis, long cpuMillis,
                      long residentBytes, long virtualBytes, long readBytes, long writtenBytes, int threads,
                      long openFiles) {

    boolean sameProcessAs(ProcessReading other) {
        return other != null && other.pid == pid && other.startTime == startTime;
    }
}
