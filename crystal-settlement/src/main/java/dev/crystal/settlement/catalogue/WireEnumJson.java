package dev.crystal.settlement.catalogue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Enums by their lower-case wire names ({@code payout}, {@code customer_cash}). Stateless. */
final class WireEnumJson {
    private WireEnumJson() {
    }

    static String wireName(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Writes the lower-case name. */
    static final class Writer<E extends Enum<E>> extends StdSerializer<E> {
        Writer(Class<E> type) {
            super(type);
        }

        @Override
        public void serialize(E value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(wireName(value));
        }
    }

    /** Reads exactly one of the lower-case names; the error lists the accepted ones. */
    static final class Reader<E extends Enum<E>> extends StdDeserializer<E> {
        private final Class<E> type;

        Reader(Class<E> type) {
            super(type);
            this.type = type;
        }

        @Override
        public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
            for (E constant : type.getEnumConstants()) {
                if (wireName(constant).equals(text)) {
                    return constant;
                }
            }
            String allowed = Arrays.stream(type.getEnumConstants()).map(WireEnumJson::wireName)
                    .collect(Collectors.joining(", ", "[", "]"));
            return type.cast(ctxt.reportInputMismatch(this, "%s must be one of %s, was '%s'",
                    type.getSimpleName(), allowed, p.getText()));
        }
    }
}
