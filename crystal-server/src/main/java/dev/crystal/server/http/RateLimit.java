package dev.crystal.server.http;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many requests one key (API key principal, else client address) may make: a sustained rate
 * per second and a burst. {@link #unlimited()} turns the limit off. Immutable.
 *
 * @param perSecond requests per second, sustained; 0 for no limit
 * @param burst     requests allowed at once after a quiet spell (at least 1 when limited)
 */
public record RateLimit(double perSecond, long burst) {
    private static final Pattern SPEC = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|sec|second|m|min|minute)");

    public RateLimit {
        if (!(perSecond >= 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("rate must be zero (off) or a positive number per second, was " + perSecond);
        }
        if (perSecond > 0 && burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, was " + burst);
        }
    }

    /** No limit. */
    public static RateLimit unlimited() {
        return new RateLimit(0, 0);
    }

    /** Whether requests are limited at all. */
    public boolean limited() {
        return perSecond > 0;
    }

    /**
     * Reads {@code N/s}, {@code N/m} or {@code off}; the burst is one second's worth (at least 1).
     *
     * @throws IllegalArgumentException naming the expected forms
     */
    public static RateLimit parse(String spec) {
        String text = spec == null ? "" : spec.strip().toLowerCase(Locale.ROOT);
        if (text.equals("off") || text.equals("0") || text.equals("0/s")) {
            return unlimited();
        }
        Matcher m = SPEC.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("rate limit must look like 100/s, 6000/m or off, was '" + spec + "'");
        }
        double n = Double.parseDouble(m.group(1));
        double perSecond = m.group(2).startsWith("m") ? n / 60 : n;
        if (perSecond <= 0) {
            return unlimited();
        }
        return new RateLimit(perSecond, Math.max(1, (long) Math.ceil(perSecond)));
    }

    /** A copy with another burst. */
    public RateLimit withBurst(long value) {
        return new RateLimit(perSecond, value);
    }

    @Override
    public String toString() {
        return limited() ? (perSecond == Math.rint(perSecond) ? String.valueOf((long) perSecond) : String.valueOf(perSecond))
                + "/s (burst " + burst + ")" : "off";
    }
}
