package dev.jobregistry.handlers.files;

import java.util.Locale;

/** Byte counts for people: {@code 512 bytes}, {@code 3.4 MB}, {@code 1.2 GB} (powers of 1024, as file managers show). */
final class Sizes {

    private static final String[] UNITS = {"KB", "MB", "GB", "TB", "PB"};

    private Sizes() {
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes == 1 ? "1 byte" : bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value >= 100 ? "%.0f %s" : "%.1f %s", value, UNITS[unit]);
    }

    /** {@code "1 file"}, {@code "3 files"}. */
    static String count(long n, String singular, String plural) {
        return n + " " + (n == 1 ? singular : plural);
    }
}
