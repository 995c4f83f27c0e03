package io.llmcost.cli;

import java.util.Locale;

/** Human-readable numbers for tables: thousands separators and B/M/T suffixes. */
final class Format {
    private Format() {}

    static String thousands(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** 6738415616 -> "6.74B"; FLOPs and bytes beyond a long come as doubles. */
    static String suffixed(double v) {
        double a = Math.abs(v);
        if (a >= 1e15) return String.format(Locale.ROOT, "%.3g", v);
        if (a >= 1e12) return String.format(Locale.ROOT, "%.2fT", v / 1e12);
        if (a >= 1e9) return String.format(Locale.ROOT, "%.2fB", v / 1e9);
        if (a >= 1e6) return String.format(Locale.ROOT, "%.2fM", v / 1e6);
        if (a >= 1e3) return String.format(Locale.ROOT, "%.2fK", v / 1e3);
        return String.format(Locale.ROOT, "%.0f", v);
    }

    /** Bytes in binary units: 327680 -> "320.0 KiB". */
    static String bytes(double v) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Accelerator peaks: 989.4e12 -> "989.40 TFLOP/s", 1.58e16 -> "15.83 PFLOP/s". */
    static String flopsPerSecond(double v) {
        return v >= 1e15 ? String.format(Locale.ROOT, "%.2f PFLOP/s", v / 1e15)
                : String.format(Locale.ROOT, "%.2f TFLOP/s", v / 1e12);
    }

    /** A duration in the largest unit that keeps it readable: 0.020 s, 12.5 min, 7.3 h, 72.7 days (never 6282757 s). */
    static String duration(double seconds) {
        if (seconds < 60) return String.format(Locale.ROOT, "%.3f s", seconds);
        if (seconds < 3600) return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        if (seconds < 48 * 3600) return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
        double days = seconds / 86400;
        return String.format(Locale.ROOT, days < 1e6 ? "%,.1f days" : "%.3g days", days);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }
}
