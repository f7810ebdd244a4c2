package dev.crystal.settlement.distributions.domain;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** A commission period: one calendar month in UTC, written {@code YYYY-MM}. */
public final class Period {
    private Period() {
    }

    /** @throws IllegalArgumentException when {@code text} is not {@code YYYY-MM} */
    public static YearMonth parse(String text) {
        if (text == null || !text.matches("\\d{4}-\\d{2}")) {
            throw new IllegalArgumentException("period must look like 2025-01 (YYYY-MM), was '" + text + "'");
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("period " + text + " is not a valid month");
        }
    }

    public static String of(Instant instant) {
        return YearMonth.from(instant.atZone(ZoneOffset.UTC)).toString();
    }
}
