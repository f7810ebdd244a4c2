package dev.crystal.server.http;

import java.math.BigDecimal;

/** Bounds on decimals read from requests, and renderings of bounded size for error messages. Stateless. */
final class Numbers {
    private Numbers() {
    }

    /**
     * Whether {@code value} written out in full ({@link BigDecimal#toPlainString()}) has at most
     * {@code maxDigits} digits; computed from precision and scale, never by rendering it.
     */
    static boolean fits(BigDecimal value, int maxDigits) {
        long integerDigits = Math.max(1L, (long) value.precision() - value.scale());
        long fractionDigits = Math.max(0L, value.scale());
        return integerDigits + fractionDigits <= maxDigits;
    }

    /** A short rendering: scientific notation when the plain one would be long. */
    static String brief(BigDecimal value) {
        return fits(value, 40) ? value.toPlainString() : brief(value.toString(), 60);
    }

    /** {@code text} cut to {@code max} characters. */
    static String brief(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max) + "… (" + text.length() + " characters)";
    }
}
