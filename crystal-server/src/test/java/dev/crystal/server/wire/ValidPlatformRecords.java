package dev.crystal.server.wire;

import dev.crystal.settlement.kernel.Money;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Arbitrary instances of any platform record that meet the platform's wire constraints: non-blank strings (with
 * characters that need quoting in YAML and escaping in JSON), positive money, small whole numbers, any decimal
 * scale, instants with nanoseconds, dates, every enum constant, short lists, nested records. Stateless.
 */
final class ValidPlatformRecords {
    private static final List<String> TRICKY = List.of("yes", "No", "on", "007", "1e3", "0x1F", ".inf", "~",
            "null", "true", "1_000", "2025-01", "2025-01-26", "12:30", "key: value", "#comment", "- item",
            "!!java.lang.Object", "*alias", "&anchor", "'q'", "\"dq\"", "a\nb", "tab\there", "ünï€中😀", " lead",
            "trail ", "payout", "credit");

    private ValidPlatformRecords() {
    }

    static Arbitrary<Object> of(Class<?> recordClass) {
        return record(recordClass, 0);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Arbitrary<Object> record(Class<?> recordClass, int depth) {
        RecordComponent[] components = recordClass.getRecordComponents();
        if (components.length == 0) {
            return Arbitraries.create(() -> newInstance(recordClass, new Class<?>[0], new Object[0]));
        }
        List<Arbitrary<Object>> parts = new ArrayList<>();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            parts.add(forType(components[i].getName(), components[i].getGenericType(), depth));
        }
        return Combinators.combine((List) parts).as(values -> newInstance(recordClass, types,
                ((List<Object>) values).toArray()));
    }

    private static Object newInstance(Class<?> recordClass, Class<?>[] types, Object[] values) {
        try {
            Constructor<?> constructor = recordClass.getDeclaredConstructor(types);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + recordClass.getName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Arbitrary<Object> forType(String name, Type type, int depth) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            Arbitrary<Object> element = forType(name, p.getActualTypeArguments()[0], depth + 1);
            return (Arbitrary) element.list().ofMaxSize(depth > 1 ? 0 : 2);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            if (name.equals("direction")) {
                return Arbitraries.of("credit", "debit").map(s -> (Object) s);
            }
            return Arbitraries.oneOf(Arbitraries.of(TRICKY),
                    Arbitraries.strings().withCharRange('a', 'z').withChars("_-:#'\"{} é€").ofMinLength(1)
                            .ofMaxLength(20).filter(s -> !s.isBlank())).map(s -> (Object) s);
        }
        if (c == Money.class) {
            return Arbitraries.longs().between(1, 99_999_999_999L).map(m -> (Object) Money.ofMinor(m));
        }
        if (c == BigDecimal.class) {
            return Combinators.combine(Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L),
                    Arbitraries.integers().between(0, 6)).as((unscaled, scale) -> (Object) BigDecimal.valueOf(unscaled, scale));
        }
        if (c == Instant.class) {
            return Combinators.combine(Arbitraries.longs().between(0, 4_102_444_800L),
                    Arbitraries.integers().between(0, 999_999_999)).as((s, n) -> (Object) Instant.ofEpochSecond(s, n));
        }
        if (c == LocalDate.class) {
            return Arbitraries.longs().between(0, 60_000).map(d -> (Object) LocalDate.ofEpochDay(d));
        }
        if (c == int.class || c == Integer.class) {
            int least = name.equals("limit") ? 1 : 0; // a page size is positive
            return Arbitraries.integers().between(least, 1000).map(i -> (Object) i);
        }
        if (c == long.class || c == Long.class) {
            if (name.endsWith("Cursor")) { // a position in a table is never negative
                return Arbitraries.longs().greaterOrEqual(0).map(l -> (Object) l);
            }
            return Arbitraries.longs().map(l -> (Object) l);
        }
        if (c == boolean.class || c == Boolean.class) {
            return Arbitraries.of(true, false).map(b -> (Object) b);
        }
        if (c.isEnum()) {
            return Arbitraries.of((Object[]) c.getEnumConstants());
        }
        if (c.isRecord()) {
            return record(c, depth + 1);
        }
        throw new IllegalArgumentException("no arbitrary for " + type.getTypeName() + " (" + name + ")");
    }
}
