package dev.crystal.settlement.catalogue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.crystal.settlement.contracts.AdjustmentsCommand;
import dev.crystal.settlement.contracts.LedgerAccount;
import dev.crystal.settlement.contracts.SettlementStatus;
import dev.crystal.settlement.contracts.SettlementType;
import dev.crystal.settlement.kernel.Money;

/**
 * Jackson settings for the message contracts, for JSON and YAML alike: {@link Money} as an exact
 * number with two decimals (more decimals are refused), enums by lower-case wire names, instants
 * and dates in ISO-8601, unknown fields refused. Every call builds a new mapper; a built mapper is
 * immutable and may be shared between threads.
 */
public final class ContractsJson {
    private ContractsJson() {
    }

    /** The module with the contracts' own (de)serializers: money and wire-named enums. */
    public static Module module() {
        SimpleModule module = new SimpleModule("crystal-contracts");
        module.addSerializer(Money.class, new MoneyJson.Writer());
        module.addDeserializer(Money.class, new MoneyJson.Reader());
        addWireEnum(module, SettlementType.class);
        addWireEnum(module, SettlementStatus.class);
        addWireEnum(module, LedgerAccount.Type.class);
        addWireEnum(module, AdjustmentsCommand.Direction.class);
        return module;
    }

    private static <E extends Enum<E>> void addWireEnum(SimpleModule module, Class<E> type) {
        module.addSerializer(type, new WireEnumJson.Writer<>(type));
        module.addDeserializer(type, new WireEnumJson.Reader<>(type));
    }

    /** A JSON mapper configured for the contracts. */
    public static JsonMapper jsonMapper() {
        return configure(JsonMapper.builder()).build();
    }

    /** A YAML mapper configured for the contracts (no document marker, quotes only where needed). */
    public static YAMLMapper yamlMapper() {
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .stringQuotingChecker(new CautiousYamlQuoting())
                .build();
        return configure(YAMLMapper.builder(factory)).build();
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(
            B builder) {
        return builder
                .addModule(new JavaTimeModule())
                .addModule(module())
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
