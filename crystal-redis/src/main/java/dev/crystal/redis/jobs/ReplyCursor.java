package dev.crystal.redis.jobs;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Reads a flat script reply front to back. Owned by the one thread that parses the reply. */
final class ReplyCursor {
    private final List<Object> items;
    private int position;

    ReplyCursor(List<Object> items) {
        this.items = items == null ? List.of() : items;
    }

    boolean hasMore() {
        return position < items.size();
    }

    String text() {
        if (!hasMore()) {
            throw new IllegalStateException("Redis script reply ended early after " + position + " items");
        }
        Object item = items.get(position++);
        return item == null ? "" : item.toString();
    }

    /** Text, or {@code null} for the empty string the scripts store for "none". */
    String optionalText() {
        String text = text();
        return text.isEmpty() ? null : text;
    }

    long number() {
        return new BigDecimal(text()).longValue();
    }

    int integer() {
        return Math.toIntExact(number());
    }

    Instant instant() {
        return Instant.ofEpochMilli(number());
    }

    /** An instant, or {@code null} for the empty string. */
    Instant optionalInstant() {
        String text = text();
        return text.isEmpty() ? null : Instant.ofEpochMilli(new BigDecimal(text).longValue());
    }
}
