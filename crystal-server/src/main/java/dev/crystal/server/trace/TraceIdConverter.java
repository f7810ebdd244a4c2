package dev.crystal.server.trace;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %traceId}: the W3C trace id of the line's operation (derived from the MDC's {@code correlationId},
 * {@link OtelIds#traceId}), so a log line can be matched with the spans an OTLP backend shows; empty without one.
 * Computed when a line is written, never on the hot path. Stateless.
 */
public final class TraceIdConverter extends ClassicConverter {
    @Override
    public String convert(ILoggingEvent event) {
        String correlation = event.getMDCPropertyMap().get("correlationId");
        return correlation == null ? "" : OtelIds.traceId(correlation);
    }
}
