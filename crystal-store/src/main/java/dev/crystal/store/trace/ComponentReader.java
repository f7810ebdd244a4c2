package dev.crystal.store.trace;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link TraceKeys#recordComponents} reads from one record class, resolved once: the accessors of the subject
 * and customer components in the order of preference, then the records it holds directly (searched the same way
 * when its own components give nothing). A class that is not a record reads nothing. Immutable after construction;
 * used by the trace writer's thread.
 */
final class ComponentReader {
    private static final ComponentReader NOTHING = new ComponentReader(new Method[0], new Method[0], List.of());

    private final Method[] subjects;
    private final Method[] customers;
    /** The accessors of record-typed components and the readers of their declared types. */
    private final List<Nested> nested;

    private ComponentReader(Method[] subjects, Method[] customers, List<Nested> nested) {
        this.subjects = subjects;
        this.customers = customers;
        this.nested = nested;
    }

    static ComponentReader of(Class<?> type, List<String> subjectNames, List<String> customerNames, boolean outer) {
        if (!type.isRecord()) {
            return NOTHING;
        }
        RecordComponent[] components = type.getRecordComponents();
        List<Nested> nested = new ArrayList<>();
        if (outer) {
            for (RecordComponent c : components) {
                Method accessor = accessible(c);
                if (c.getType().isRecord() && accessor != null) {
                    nested.add(new Nested(accessor, of(c.getType(), subjectNames, customerNames, false)));
                }
            }
        }
        return new ComponentReader(accessors(components, subjectNames), accessors(components, customerNames),
                List.copyOf(nested));
    }

    String subject(Object value) {
        String own = first(subjects, value);
        if (own != null) {
            return own;
        }
        for (Nested n : nested) {
            Object inner = read(n.accessor(), value);
            String found = inner == null ? null : n.reader().subject(inner);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    String customer(Object value) {
        String own = first(customers, value);
        if (own != null) {
            return own;
        }
        for (Nested n : nested) {
            Object inner = read(n.accessor(), value);
            String found = inner == null ? null : n.reader().customer(inner);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String first(Method[] accessors, Object value) {
        for (Method accessor : accessors) {
            if (read(accessor, value) instanceof String text && !text.isBlank()) {
                return text;
            }
        }
        return null;
    }

    /** The accessors of the components named {@code names}, in the order of {@code names}. */
    private static Method[] accessors(RecordComponent[] components, List<String> names) {
        List<Method> found = new ArrayList<>();
        for (String name : names) {
            for (RecordComponent c : components) {
                Method accessor = c.getName().equals(name) ? accessible(c) : null;
                if (accessor != null) {
                    found.add(accessor);
                }
            }
        }
        return found.toArray(Method[]::new);
    }

    private static Method accessible(RecordComponent c) {
        try {
            Method accessor = c.getAccessor();
            accessor.setAccessible(true);
            return accessor;
        } catch (RuntimeException e) {
            return null; // not readable from here: the component is skipped, as before
        }
    }

    private static Object read(Method accessor, Object value) {
        try {
            return accessor.invoke(value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private record Nested(Method accessor, ComponentReader reader) {
    }
}
