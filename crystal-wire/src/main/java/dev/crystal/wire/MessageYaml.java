package dev.crystal.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.runtime.DeadLetter;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Priority;
import dev.crystal.wire.internal.JacksonMappers;
import dev.crystal.wire.internal.SafeYamlReader;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * YAML for people, whatever codec carried the message: renders envelopes, decoded frames,
 * rejected frames and dead letters as readable documents, turns raw frame bytes into YAML
 * ({@code crystal decode}) and reads seed-style message files ({@code crystal send FILE.yaml}).
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * type: SETTLEMENT_PROCESSED
 * correlationId: corr_1234567890      # optional; generated when absent
 * payload:
 *   settlementId: PEN_001
 *   amount: 166.67
 * }</pre>
 */
public final class MessageYaml {
    private static final Set<String> FILE_KEYS = Set.of("type", "version", "schemaVersion", "messageId",
            "correlationId", "causationId", "source", "target", "timestamp", "priority", "ttl", "payload", "wire");

    private final CodecSet codecs;
    private final ObjectMapper writer;
    private final ObjectMapper strictReader;
    private final SafeYamlReader reader;
    private final WireDecoder decoder;

    /** YAML tooling for the codecs' registry. */
    public MessageYaml(CodecSet codecs) {
        this.codecs = codecs;
        this.writer = JacksonMappers.yaml(codecs.textMappings());
        this.strictReader = JacksonMappers.yaml(codecs.textMappings()).copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.reader = new SafeYamlReader(codecs.limits(), true);
        this.decoder = new WireDecoder(codecs, RejectedFrameSink.ignoring(), new SimpleMeterRegistry());
    }

    /** An envelope as a YAML document: type, schema version, ids, route, timestamp, payload. */
    public String render(Envelope<?> envelope) {
        return write(envelopeDocument(envelope));
    }

    /** A decoded frame (envelope plus a {@code wire:} section) or a rejection, as YAML. */
    public String render(DecodeOutcome outcome) {
        return switch (outcome) {
            case DecodeOutcome.Decoded decoded -> {
                Map<String, Object> document = envelopeDocument(decoded.envelope());
                WireFrame frame = decoded.frame();
                Map<String, Object> wire = new LinkedHashMap<>();
                wire.put("formatVersion", frame.formatVersion());
                wire.put("codec", lower(frame.codec()));
                wire.put("compression", lower(frame.compression()));
                wire.put("schemaVersion", frame.schemaVersion());
                wire.put("bodyBytes", frame.body().length);
                wire.put("uncompressedBytes", frame.uncompressedLength());
                Map<String, Object> withWire = new LinkedHashMap<>();
                document.forEach((key, value) -> {
                    if (key.equals("payload")) {
                        withWire.put("wire", wire);
                    }
                    withWire.put(key, value);
                });
                yield write(withWire);
            }
            case DecodeOutcome.Rejected rejected -> render(rejected.rejected());
        };
    }

    /** A refused frame: reason, detail, violations, the header when it was readable and the raw bytes in base64. */
    public String render(RejectedFrame rejected) {
        Map<String, Object> document = new LinkedHashMap<>();
        Map<String, Object> rejection = new LinkedHashMap<>();
        rejection.put("reason", rejected.reason().name());
        rejection.put("detail", rejected.detail());
        if (!rejected.violations().isEmpty()) {
            List<Map<String, String>> violations = new ArrayList<>();
            for (Violation violation : rejected.violations()) {
                violations.add(Map.of("field", violation.field(), "problem", violation.problem()));
            }
            rejection.put("violations", violations);
        }
        document.put("rejected", rejection);
        rejected.frame().ifPresent(frame -> {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("type", frame.messageType());
            header.put("schemaVersion", frame.schemaVersion());
            header.put("messageId", frame.messageId());
            header.put("correlationId", frame.correlationId());
            if (frame.causationId() != null) {
                header.put("causationId", frame.causationId());
            }
            header.put("source", frame.source());
            header.put("target", frame.target());
            header.put("timestamp", frame.timestamp().toString());
            if (frame.priority() != Priority.NORMAL) {
                header.put("priority", frame.priority().wireName());
            }
            if (frame.ttlMillis() != 0) {
                header.put("ttl", frame.ttlMillis());
            }
            header.put("codec", lower(frame.codec()));
            header.put("compression", lower(frame.compression()));
            header.put("bodyBytes", frame.body().length);
            document.put("frame", header);
        });
        document.put("rawBytes", rejected.raw().length);
        document.put("raw", Base64.getEncoder().encodeToString(rejected.raw()));
        return write(document);
    }

    /** A dead letter: reason, when, the message and the stack trace if any. */
    public String render(DeadLetter deadLetter) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("reason", deadLetter.reason());
        document.put("at", deadLetter.at().toString());
        document.put("message", envelopeDocument(deadLetter.envelope()));
        if (deadLetter.stackTrace() != null && !deadLetter.stackTrace().isBlank()) {
            document.put("stackTrace", deadLetter.stackTrace());
        }
        return write(document);
    }

    /** Raw frame bytes as YAML (the decoded message, or why it was refused); never throws for bad input. */
    public String decodeToYaml(byte[] frameBytes) {
        return render(decoder.decode(frameBytes));
    }

    /**
     * Reads a seed-style message file ({@code type:}, optional {@code version:}/ids/route/timestamp,
     * {@code payload:}). Unknown keys and unknown payload fields are errors, so typos never pass silently.
     *
     * @throws WireException {@link WireError#UNKNOWN_MESSAGE_TYPE}, {@link WireError#MALFORMED_BODY},
     *                       {@link WireError#FORBIDDEN_YAML}, {@link WireError#LIMIT_EXCEEDED} or
     *                       {@link WireError#INVALID_MESSAGE} (listing every violation)
     */
    public ParsedMessage parse(String yaml) {
        JsonNode root = reader.read(yaml);
        if (!root.isObject()) {
            throw new WireException(WireError.MALFORMED_BODY, "a message file must be a mapping with type: and payload:");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FILE_KEYS.contains(name)) {
                throw new WireException(WireError.MALFORMED_BODY, "unknown key '" + name + "' (allowed: "
                        + String.join(", ", FILE_KEYS.stream().sorted().toList()) + ")");
            }
        }
        String typeName = text(root, "type");
        if (typeName == null) {
            throw new WireException(WireError.MALFORMED_BODY, "the message file has no type:");
        }
        MessageType<?> type = codecs.registry().requireName(typeName);
        checkVersion(root);
        JsonNode payloadNode = root.get("payload");
        if (payloadNode == null || !payloadNode.isObject()) {
            throw new WireException(WireError.MALFORMED_BODY, "the message file has no payload: mapping");
        }
        Object payload;
        try {
            payload = strictReader.treeToValue(payloadNode, type.recordClass());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            String detail = e instanceof JsonProcessingException processing ? processing.getOriginalMessage() : e.getMessage();
            throw new WireException(WireError.MALFORMED_BODY, typeName + " payload: " + detail, e);
        }
        type.requireValid(payload);
        Instant timestamp = null;
        String timestampText = text(root, "timestamp");
        if (timestampText != null) {
            try {
                timestamp = Instant.parse(timestampText);
            } catch (DateTimeParseException e) {
                throw new WireException(WireError.MALFORMED_BODY, "timestamp '" + timestampText + "' is not ISO-8601", e);
            }
        }
        String priorityText = text(root, "priority");
        Priority priority = priorityText == null ? Priority.NORMAL : Priority.fromWireName(priorityText).orElseThrow(() ->
                new WireException(WireError.MALFORMED_BODY, "priority '" + priorityText + "' is not normal or high"));
        String ttlText = text(root, "ttl");
        long ttl = 0;
        if (ttlText != null) {
            try {
                ttl = Long.parseLong(ttlText);
            } catch (NumberFormatException e) {
                ttl = -1;
            }
            if (ttl < 0) {
                throw new WireException(WireError.MALFORMED_BODY, "ttl '" + ttlText
                        + "' is not a whole number of milliseconds");
            }
        }
        return new ParsedMessage(type, payload, text(root, "messageId"), text(root, "correlationId"),
                text(root, "causationId"), text(root, "source"), text(root, "target"), timestamp, priority, ttl);
    }

    private static void checkVersion(JsonNode root) {
        for (String key : List.of("version", "schemaVersion")) {
            String version = text(root, key);
            if (version != null && !version.matches("\\d+(\\.\\d+)?")) {
                throw new WireException(WireError.MALFORMED_BODY, key + " '" + version + "' is not a number");
            }
        }
    }

    private static String text(JsonNode root, String key) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw new WireException(WireError.MALFORMED_BODY, key + " must be a single value");
        }
        return node.asText();
    }

    private Map<String, Object> envelopeDocument(Envelope<?> envelope) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("type", envelope.type());
        codecs.registry().byName(envelope.type()).ifPresent(type -> document.put("schemaVersion", type.schemaVersion()));
        document.put("messageId", envelope.messageId());
        document.put("correlationId", envelope.correlationId());
        if (envelope.causationId() != null) {
            document.put("causationId", envelope.causationId());
        }
        document.put("source", envelope.source());
        document.put("target", envelope.target());
        document.put("timestamp", envelope.timestamp().toString());
        if (envelope.priority() != Priority.NORMAL) {
            document.put("priority", envelope.priority().wireName());
        }
        if (envelope.ttlMillis() != 0) {
            document.put("ttl", envelope.ttlMillis());
        }
        document.put("payload", envelope.payload());
        return document;
    }

    private String write(Map<String, Object> document) {
        try {
            return writer.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render YAML", e);
        }
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
