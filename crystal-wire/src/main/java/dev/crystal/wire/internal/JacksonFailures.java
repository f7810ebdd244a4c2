package dev.crystal.wire.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;
import java.util.stream.Collectors;

/** Translates Jackson failures into {@link WireException}s naming the field at fault. Stateless. */
final class JacksonFailures {
    private JacksonFailures() {
    }

    static WireException decodeFailure(Exception e, String typeName) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamConstraintsException limit) {
                return new WireException(WireError.LIMIT_EXCEEDED, typeName + ": " + limit.getOriginalMessage(), e);
            }
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String path = mapping.getPath().stream()
                    .map(reference -> reference.getFieldName() != null
                            ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return new WireException(WireError.MALFORMED_BODY,
                    typeName + " field " + path + ": " + mapping.getOriginalMessage(), e);
        }
        if (e instanceof JsonProcessingException processing) {
            return new WireException(WireError.MALFORMED_BODY, typeName + ": " + processing.getOriginalMessage(), e);
        }
        return new WireException(WireError.MALFORMED_BODY, typeName + ": " + e.getMessage(), e);
    }
}
