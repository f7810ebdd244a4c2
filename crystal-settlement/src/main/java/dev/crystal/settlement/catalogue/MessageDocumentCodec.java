package dev.crystal.settlement.catalogue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads and writes {@link MessageDocument}s with one contracts mapper (JSON or YAML, see
 * {@link ContractsJson}). Holds only the immutable mapper, so it may be shared between threads.
 */
public final class MessageDocumentCodec {
    private static final Set<String> HEADER_FIELDS = Set.of("type", "version", "correlationId", "timestamp",
            "payload");

    private final ObjectMapper mapper;

    /** A codec over {@code mapper}, which should be configured by {@link ContractsJson}. */
    public MessageDocumentCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A codec for YAML documents. */
    public static MessageDocumentCodec yaml() {
        return new MessageDocumentCodec(ContractsJson.yamlMapper());
    }

    /** A codec for JSON documents. */
    public static MessageDocumentCodec json() {
        return new MessageDocumentCodec(ContractsJson.jsonMapper());
    }

    /**
     * Parses a document; the {@code type} (a catalogue name, also file-style) picks the record.
     *
     * @throws IllegalArgumentException naming the problem: syntax, unknown field, unknown type, bad payload
     */
    public MessageDocument read(String text) {
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a message document: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a message document is a mapping with 'type' and 'payload'");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!HEADER_FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "'; a message document has "
                        + HEADER_FIELDS.stream().sorted().collect(Collectors.joining(", ")));
            }
        }
        JsonNode typeNode = root.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new IllegalArgumentException("missing 'type'");
        }
        MessageType type = MessageCatalogue.byName(typeNode.asText()).orElseThrow(() ->
                new IllegalArgumentException("unknown message type '" + typeNode.asText() + "'"));
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("missing 'payload' mapping for " + type.name());
        }
        JsonNode correlation = root.get("correlationId");
        try {
            return new MessageDocument(type, correlation == null ? null : correlation.asText(),
                    mapper.treeToValue(payload, type.recordClass()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("payload of " + type.name() + fieldPath(e) + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The offending field as {@code .a.b}, or empty when the problem is not about one field. */
    private static String fieldPath(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException mapping) || mapping.getPath().isEmpty()) {
            return "";
        }
        return mapping.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
    }

    /** Writes {@code type}, {@code correlationId} (when present) and {@code payload}. */
    public String write(MessageDocument document) {
        ObjectNode root = mapper.createObjectNode();
        root.put("type", document.type().name());
        if (document.correlationId() != null) {
            root.put("correlationId", document.correlationId());
        }
        root.set("payload", mapper.valueToTree(document.payload()));
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("contracts are always serializable: " + e.getMessage(), e);
        }
    }
}
