package dev.jobregistry.adapter.in.web;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Times on the wire: Unix epoch seconds as a JSON number with a fraction, to the microsecond,
 * as the original registry wrote {@code time.time()}: {@code 1733321234.512}, {@code 1733321234.0}.
 */
final class EpochSeconds {

    private EpochSeconds() {
    }

    /** The JSON number text for {@code instant}: at least one and at most six fraction digits (truncated). */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        int micros = instant.getNano() / 1_000;
        if (seconds < 0 && micros > 0) {
            // before 1970 the fraction counts the other way; not worth a fast path
            BigDecimal value = BigDecimal.valueOf(seconds).add(BigDecimal.valueOf(micros, 6)).stripTrailingZeros();
            return (value.scale() < 1 ? value.setScale(1) : value).toPlainString();
        }
        StringBuilder text = new StringBuilder(20).append(seconds).append('.');
        if (micros == 0) {
            return text.append('0').toString();
        }
        int digits = 6;
        while (micros % 10 == 0) {
            micros /= 10;
            digits--;
        }
        String fraction = Integer.toString(micros);
        for (int pad = digits - fraction.length(); pad > 0; pad--) {
            text.append('0');
        }
        return text.append(fraction).toString();
    }
}
