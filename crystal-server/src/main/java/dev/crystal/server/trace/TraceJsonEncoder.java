package dev.crystal.server.trace;

import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.nio.charset.StandardCharsets;

/**
 * Logback's {@link JsonEncoder} with the line's W3C trace id as a {@code traceId} field (derived from the MDC's
 * {@code correlationId}, {@link OtelIds#traceId}), so JSON log lines can be joined with exported spans. Used by
 * {@code --log-format json}. Stateless apart from the encoder's own settings.
 */
public final class TraceJsonEncoder extends JsonEncoder {
    @Override
    public byte[] encode(ILoggingEvent event) {
        byte[] line = super.encode(event);
        String correlation = event.getMDCPropertyMap().get("correlationId");
        if (correlation == null || line.length == 0 || line[0] != '{') {
            return line;
        }
        byte[] field = ("\"traceId\":\"" + OtelIds.traceId(correlation) + "\",").getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[line.length + field.length];
        out[0] = '{';
        System.arraycopy(field, 0, out, 1, field.length);
        System.arraycopy(line, 1, out, 1 + field.length, line.length - 1);
        return out;
    }
}
