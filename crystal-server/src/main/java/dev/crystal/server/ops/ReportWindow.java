package dev.crystal.server.ops;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The spans a report can cover from the persisted sample history. */
public enum ReportWindow {
    /** The last hour, per minute. */
    HOUR("1h", Duration.ofHours(1), "hour"),
    /** The last 24 hours, per minute. */
    DAY("24h", Duration.ofHours(24), "day", "1d"),
    /** The last 7 days, per hour (per minute where still kept). */
    WEEK("7d", Duration.ofDays(7), "week"),
    /** The last 30 days, per hour (per minute where still kept). */
    MONTH("30d", Duration.ofDays(30), "month");

    private final String label;
    private final Duration span;
    private final List<String> aliases;

    ReportWindow(String label, Duration span, String... aliases) {
        this.label = label;
        this.span = span;
        this.aliases = List.of(aliases);
    }

    /** How the window is written: {@code 1h}, {@code 24h}, {@code 7d} or {@code 30d}. */
    public String label() {
        return label;
    }

    public Duration span() {
        return span;
    }

    /**
     * The window written as its label or alias (case-insensitive).
     *
     * @throws IllegalArgumentException naming the valid values
     */
    public static ReportWindow parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (ReportWindow w : values()) {
            if (w.label.equals(t) || w.aliases.contains(t)) {
                return w;
            }
        }
        throw new IllegalArgumentException("window must be one of " + labels() + " (or hour, day, week, month), was '"
                + text + "'");
    }

    /** The labels, in order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(ReportWindow::label).toList();
    }
}
