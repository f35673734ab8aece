package io.satellite.monitor;

import java.util.Locale;

/** Byte counts as a DBA reads them: 512.0 MiB, 23.5 GiB. */
final class Sizes {
    private static final String[] UNITS = {"bytes", "KiB", "MiB", "GiB", "TiB"};

    private Sizes() {
    }

    static String of(double bytes) {
        int unit = 0;
        while (bytes >= 1024 && unit < UNITS.length - 1) {
            bytes /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f bytes", bytes)
                : String.format(Locale.ROOT, "%.1f %s", bytes, UNITS[unit]);
    }
}
