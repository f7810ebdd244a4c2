package dev.crystal.jobs;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Factory of the default Jackson mapper: keys sorted so equal data gives equal JSON text (which is how
 * de-duplication compares payloads). Stateless.
 */
public final class JsonMappers {
    private JsonMappers() {
    }

    /** A new mapper that writes map entries and properties in sorted order. */
    public static ObjectMapper sortedKeys() {
        return JsonMapper.builder()
                .findAndAddModules()
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }
}
