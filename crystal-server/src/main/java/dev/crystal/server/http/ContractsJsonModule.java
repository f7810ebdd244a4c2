package dev.crystal.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.crystal.settlement.kernel.Money;
import java.io.IOException;
import java.util.Locale;

/**
 * Writes contract values for people: Money as a decimal with two places, the settlement contracts'
 * enums by lower-case name (other enums keep their names).
 */
final class ContractsJsonModule extends SimpleModule {

    ContractsJsonModule() {
        super("crystal-contracts");
        addSerializer(Money.class, new StdSerializer<>(Money.class) {
            @Override
            public void serialize(Money value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeNumber(value.toBigDecimal());
            }
        });
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Enum<?>> enumType = (Class) Enum.class;
        addSerializer(enumType, new StdSerializer<>(enumType) {
            @Override
            public void serialize(Enum<?> value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                boolean contract = value.getDeclaringClass().getPackageName().startsWith("dev.crystal.settlement");
                gen.writeString(contract ? value.name().toLowerCase(Locale.ROOT) : value.name());
            }
        });
    }
}
