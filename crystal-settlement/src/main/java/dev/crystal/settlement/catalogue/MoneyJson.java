package dev.crystal.settlement.catalogue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.crystal.settlement.kernel.Money;
import java.io.IOException;
import java.math.BigDecimal;

/** Money as an exact decimal number with two decimals, read from the number's text (never a double). Stateless. */
final class MoneyJson {
    private MoneyJson() {
    }

    /** Writes {@code 166.67}, {@code 100.00}: always two decimals. */
    static final class Writer extends StdSerializer<Money> {
        Writer() {
            super(Money.class);
        }

        @Override
        public void serialize(Money value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeNumber(value.toBigDecimal());
        }
    }

    /** Reads a JSON/YAML number with at most two decimals; anything else is a clear mapping error. */
    static final class Reader extends StdDeserializer<Money> {
        Reader() {
            super(Money.class);
        }

        @Override
        public Money deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                return (Money) ctxt.reportInputMismatch(this,
                        "money must be a decimal number with at most %d decimals, was %s '%s'", Money.SCALE,
                        token, p.getText());
            }
            BigDecimal amount = p.getDecimalValue();
            if (amount.stripTrailingZeros().scale() > Money.SCALE) {
                return (Money) ctxt.reportInputMismatch(this,
                        "money has at most %d decimals, was %s", Money.SCALE, amount.toPlainString());
            }
            try {
                return Money.of(amount);
            } catch (ArithmeticException e) {
                return (Money) ctxt.reportInputMismatch(this, "money out of range: %s", amount.toPlainString());
            }
        }
    }
}
