package dev.crystal.store;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads back instants stored as {@link Instant#toString()} text ({@code 2026-12-06T00:17:03.123456Z}) without the
 * general {@link java.time.format.DateTimeFormatter} machinery, which costs microseconds per value on a store's hot
 * read path. Text in any other form (another year range, an offset) is handed to {@link Instant#parse}, so the
 * result is always the same as {@code Instant.parse(text)}. Stateless and thread-safe.
 */
public final class InstantText {
    private static final int SHORTEST = "2000-01-01T00:00:00Z".length();

    private InstantText() {
    }

    /**
     * The instant {@code text} denotes, or {@code null} for {@code null}.
     *
     * @throws java.time.format.DateTimeParseException if it is not an ISO-8601 instant
     */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        Instant fast = canonical(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} read digit by digit, or {@code null} if the text has another shape. */
    private static Instant canonical(String s) {
        int n = s.length();
        if (n < SHORTEST || n > SHORTEST + 10 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > SHORTEST) {
            int fraction = n - SHORTEST - 1; // digits between '.' and 'Z'
            if (s.charAt(19) != '.' || fraction < 1) {
                return null;
            }
            nanos = digits(s, 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null; // let Instant.parse report the invalid date
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal value of {@code count} digits at {@code from}, or -1 if one is not a digit. */
    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
