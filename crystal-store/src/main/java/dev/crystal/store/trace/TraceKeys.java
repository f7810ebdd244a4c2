package dev.crystal.store.trace;

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
     * payload (or a record it holds directly) has with a non-null, non-blank text value. What to read is worked out
     * once per class (accessors resolved and made accessible then), so a row costs a map lookup and a few accessor
     * calls, not a walk over the class's record components.
     * Thread ownership: the returned instance caches per class and is used by one thread (the trace writer).
     */
    static TraceKeys recordComponents(List<String> subjectNames, List<String> customerNames) {
        Map<Class<?>, ComponentReader> cache = new HashMap<>();
        return payload -> {
            if (payload == null) {
                return Keys.NONE;
            }
            ComponentReader reader = cache.computeIfAbsent(payload.getClass(),
                    type -> ComponentReader.of(type, subjectNames, customerNames, true));
            String subject = reader.subject(payload);
            String customer = reader.customer(payload);
            return subject == null && customer == null ? Keys.NONE : new Keys(subject, customer);
        };
    }
}
