package io.satellite.monitor;

import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

/** The cheapest {@link ProcessSource} of this host: {@code /proc} on Linux, else OSHI. */
final class ProcessSources {
    private ProcessSources() {
    }

    static ProcessSource of(SystemInfo systemInfo) {
        return of(systemInfo.getOperatingSystem());
    }

    static ProcessSource of(OperatingSystem os) {
        return ProcFiles.ofThisHost(os).<ProcessSource>map(p -> p).orElseGet(() -> new OshiProcesses(os));
    }
}
