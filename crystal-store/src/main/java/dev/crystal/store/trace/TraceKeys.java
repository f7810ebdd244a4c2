package dev.crystal.store.trace;

import java.lang.reflect.RecordComponent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the business ids a message is about, so a trace can be found by settlement, bonus, customer… as well as by
 * correlation id. Called on the trace writer's thread only.
 */
@FunctionalInterface
public interface TraceKeys {
    /** The subject and customer of {@code payload}; either may be {@code null}. */
    Keys of(Object payload);

    /** What a message is about. */
    record Keys(String subject, String customer) {
        public static final Keys NONE = new Keys(null, null);
    }

    /** Nothing is extracted. */
    static TraceKeys none() {
        return payload -> Keys.NONE;
    }

    /**
     * Reads record components by name: the first of {@code subjectNames} and of {@code customerNames} that the
     * payload (or a record it holds directly) has with a non-null text value. Accessors are looked up once per class.
     * Thread ownership: the returned instance caches per class and is used by one thread (the trace writer).
     */
    static TraceKeys recordComponents(List<String> subjectNames, List<String> customerNames) {
        Map<Class<?>, RecordComponent[]> cache = new HashMap<>();
        return payload -> {
            String subject = find(payload, subjectNames, cache, 0);
            String customer = find(payload, customerNames, cache, 0);
            return subject == null && customer == null ? Keys.NONE : new Keys(subject, customer);
        };
    }

    private static String find(Object value, List<String> names, Map<Class<?>, RecordComponent[]> cache, int depth) {
        if (value == null || !value.getClass().isRecord()) {
            return null;
        }
        RecordComponent[] components = cache.computeIfAbsent(value.getClass(), Class::getRecordComponents);
        for (String name : names) {
            for (RecordComponent c : components) {
                if (c.getName().equals(name)) {
                    Object v = read(c, value);
                    if (v instanceof String text && !text.isBlank()) {
                        return text;
                    }
                }
            }
        }
        if (depth == 0) {
            for (RecordComponent c : components) {
                if (c.getType().isRecord()) {
                    String nested = find(read(c, value), names, cache, 1);
                    if (nested != null) {
                        return nested;
                    }
                }
            }
        }
        return null;
    }

    private static Object read(RecordComponent c, Object value) {
        try {
            var accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
