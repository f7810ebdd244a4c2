package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crystal.runtime.Priority;
import dev.crystal.settlement.kernel.Money;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed JSON request body with field-by-field validation that names the field and the problem.
 * Confined to the request thread.
 */
final class JsonBody {
    private static final int MAX_TEXT = 1_000;

    private final ObjectNode node;
    private final ObjectMapper mapper;
    private final HttpLimits limits;

    private JsonBody(ObjectNode node, ObjectMapper mapper, HttpLimits limits) {
        this.node = node;
        this.mapper = mapper;
        this.limits = limits;
    }

    static JsonBody parse(String body, ObjectMapper mapper, Set<String> allowedFields) {
        return parse(body, mapper, allowedFields, HttpLimits.defaults());
    }

    static JsonBody parse(String body, ObjectMapper mapper, Set<String> allowedFields, HttpLimits limits) {
        if (body == null || body.isBlank()) {
            throw new ApiError(400, "MALFORMED_JSON", null, "request body is empty; a JSON object is required");
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "MALFORMED_JSON", null, "request body is not valid JSON: "
                    + Numbers.brief(e.getOriginalMessage().replaceAll(", from `[^`]*`", ""), 300)
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()));
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new ApiError(400, "MALFORMED_JSON", null, "request body must be a JSON object");
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowedFields.contains(name)) {
                throw new ApiError(400, "UNKNOWN_FIELD", name, "unknown field '" + name + "'; allowed: "
                        + allowedFields.stream().sorted().toList());
            }
        }
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            checkNumbers(field.getKey(), field.getValue(), limits.maxNumberLength());
        }
        return new JsonBody(object, mapper, limits);
    }

    /** Refuses any number that would be longer than {@code maxDigits} written out (e.g. {@code 1e999999999}). */
    static void checkNumbers(String field, JsonNode value, int maxDigits) {
        if (value.isNumber()) {
            if (!Numbers.fits(value.decimalValue(), maxDigits)) {
                throw ApiError.badRequest(field, field + " holds a number too large or too precise: "
                        + Numbers.brief(value.decimalValue()) + " would be more than " + maxDigits + " digits written out");
            }
        } else if (value.isContainerNode()) {
            for (JsonNode child : value) {
                checkNumbers(field, child, maxDigits);
            }
        }
    }

    /** Whether {@code text} is 1-128 letters (ASCII), digits, '_', '-', '.' or ':' — checked without a regex. */
    static boolean isId(String text) {
        int length = text.length();
        if (length < 1 || length > 128) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '.' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private JsonNode present(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    String requiredId(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw ApiError.badRequest(field, field + " is required");
        }
        if (!isId(value)) {
            throw ApiError.badRequest(field, field + " must be 1-128 characters of letters, digits, '_', '-', '.' or ':'");
        }
        return value;
    }

    String requiredText(String field) {
        String value = optionalText(field);
        if (value == null) {
            throw ApiError.badRequest(field, field + " is required");
        }
        return value;
    }

    String optionalText(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiError.badRequest(field, field + " must be a string");
        }
        String text = value.textValue();
        if (text.isBlank()) {
            throw ApiError.badRequest(field, field + " must not be blank");
        }
        if (text.length() > MAX_TEXT) {
            throw ApiError.badRequest(field, field + " must be at most " + MAX_TEXT + " characters");
        }
        return text;
    }

    /** A required amount greater than zero with at most two decimals. */
    Money requiredPositiveAmount(String field) {
        Money amount = optionalAmount(field);
        if (amount == null) {
            throw ApiError.badRequest(field, field + " is required");
        }
        if (!amount.isPositive()) {
            throw ApiError.badRequest(field, field + " must be greater than zero");
        }
        return amount;
    }

    /** An optional amount of zero or more with at most two decimals. */
    Money optionalAmount(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw ApiError.badRequest(field, field + " must be a number");
        }
        BigDecimal decimal = value.decimalValue();
        if (decimal.signum() < 0) {
            throw ApiError.badRequest(field, field + " must not be negative");
        }
        if (decimal.stripTrailingZeros().scale() > Money.SCALE) {
            throw ApiError.badRequest(field, field + " must have at most 2 decimals, was " + Numbers.brief(decimal));
        }
        if (decimal.compareTo(new BigDecimal("1000000000000")) >= 0) {
            throw ApiError.badRequest(field, field + " must be less than 1000000000000");
        }
        return Money.of(decimal);
    }

    /**
     * An optional JSON object, returned as canonical JSON text (keys sorted) so equal objects compare
     * equal; at most {@link HttpLimits#maxMetadataKeys()} keys (at every level) and
     * {@link HttpLimits#maxMetadataBytes()} bytes serialized.
     */
    String optionalObjectAsCanonicalJson(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isObject()) {
            throw ApiError.badRequest(field, field + " must be a JSON object");
        }
        int keys = countKeys(value);
        if (keys > limits.maxMetadataKeys()) {
            throw ApiError.badRequest(field, field + " has " + keys + " keys; at most " + limits.maxMetadataKeys()
                    + " are stored");
        }
        String canonical;
        try {
            canonical = mapper.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                    .writeValueAsString(mapper.treeToValue(value, Object.class));
        } catch (JsonProcessingException e) {
            throw ApiError.badRequest(field, field + " cannot be read: " + Numbers.brief(e.getOriginalMessage(), 300));
        }
        int bytes = canonical.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxMetadataBytes()) {
            throw ApiError.badRequest(field, field + " is " + bytes + " bytes serialized; at most "
                    + limits.maxMetadataBytes() + " are stored");
        }
        return canonical;
    }

    private static int countKeys(JsonNode value) {
        int keys = value.isObject() ? value.size() : 0;
        for (JsonNode child : value) {
            if (child.isContainerNode()) {
                keys += countKeys(child);
            }
        }
        return keys;
    }

    /**
     * The seeds' delivery hints inside an optional object field ({@code metadata: {priority: high, ttl: 300000}}):
     * {@code priority} {@code normal} or {@code high}, {@code ttl} a whole number of milliseconds of at least 1.
     * Absent hints are normal priority and no time-to-live.
     */
    DeliveryHints deliveryHints(String field) {
        JsonNode object = present(field);
        if (object == null || !object.isObject()) {
            return DeliveryHints.NONE;
        }
        Priority priority = Priority.NORMAL;
        JsonNode p = object.get("priority");
        if (p != null && !p.isNull()) {
            priority = (p.isTextual() ? Priority.fromWireName(p.asText())
                    : Optional.<Priority>empty()).orElseThrow(() -> ApiError.badRequest(
                    field + ".priority", field + ".priority must be normal or high, was " + p));
        }
        long ttl = 0;
        JsonNode t = object.get("ttl");
        if (t != null && !t.isNull()) {
            if (!t.isIntegralNumber() || !t.canConvertToLong() || t.asLong() < 1) {
                throw ApiError.badRequest(field + ".ttl", field + ".ttl must be a whole number of milliseconds of at "
                        + "least 1, was " + t);
            }
            ttl = t.asLong();
        }
        return new DeliveryHints(priority, ttl);
    }

    /** Priority and time-to-live (0 = none) a request's envelope is sent with. */
    record DeliveryHints(Priority priority, long ttlMillis) {
        static final DeliveryHints NONE = new DeliveryHints(Priority.NORMAL, 0);
    }

    /** An optional exact decimal (e.g. a percentage), never read through double. */
    BigDecimal optionalDecimal(String field) {
        JsonNode value = present(field);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw ApiError.badRequest(field, field + " must be a number");
        }
        return value.decimalValue();
    }

    BigDecimal requiredDecimal(String field) {
        BigDecimal value = optionalDecimal(field);
        if (value == null) {
            throw ApiError.badRequest(field, field + " is required");
        }
        return value;
    }

    /** A required whole number within [min, max]. */
    int requiredInt(String field, int min, int max) {
        JsonNode value = present(field);
        if (value == null) {
            throw ApiError.badRequest(field, field + " is required");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ApiError.badRequest(field, field + " must be a whole number");
        }
        int n = value.intValue();
        if (n < min || n > max) {
            throw ApiError.badRequest(field, field + " must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }

    /** A required ISO-8601 instant such as {@code 2025-02-25T17:00:00Z}. */
    Instant requiredInstant(String field) {
        String text = requiredText(field);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(field, field + " must be an ISO-8601 time like 2025-02-25T17:00:00Z, was '"
                    + text + "'");
        }
    }

    /** A required string that must be one of {@code allowed}. */
    String requiredChoice(String field, List<String> allowed) {
        String text = requiredText(field);
        if (!allowed.contains(text)) {
            throw ApiError.badRequest(field, field + " must be one of " + allowed + ", was '" + text + "'");
        }
        return text;
    }

    /** An optional array of ids (each 1-128 letters, digits, '_', '-', '.' or ':'), at most {@code max} of them. */
    List<String> optionalIdList(String field, int max) {
        JsonNode value = present(field);
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw ApiError.badRequest(field, field + " must be an array of ids");
        }
        if (value.size() > max) {
            throw ApiError.badRequest(field, field + " must hold at most " + max + " ids");
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || !isId(item.textValue())) {
                throw ApiError.badRequest(field, field + " must hold ids of 1-128 letters, digits, '_', '-', '.' or ':'");
            }
            ids.add(item.textValue());
        }
        return ids;
    }
}
