package dev.crystal.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.jobs.BadPayloadException;
import dev.crystal.jobs.JsonPayload;

/**
 * Turns payloads, return values and progress into JSON text and back, with clear errors. Thread-safe
 * (the mapper is configured once and only used).
 */
final class JsonCodec {
    private final ObjectMapper mapper;

    JsonCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String write(Object value, String what) {
        // values whose JSON text is their plain text skip the mapper (and its buffer pool) on the hot path
        if (value == null) {
            return "null";
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof JsonPayload payload) {
            try {
                mapper.readTree(payload.json());
                return payload.json();
            } catch (JsonProcessingException e) {
                throw new BadPayloadException(what + " is not well-formed JSON: " + e.getOriginalMessage(), e);
            }
        }
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new BadPayloadException(what + " of type " + value.getClass().getName()
                    + " cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    <T> T read(String json, Class<T> type, String what) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new BadPayloadException(what + " cannot be read as " + type.getName() + ": " + e.getMessage(), e);
        }
    }

    ObjectMapper mapper() {
        return mapper;
    }
}
