package dev.crystal.wire.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives binary layouts from record declarations. Only the registered records and the records,
 * enums and value types their components name become decodable: nothing else can ever be
 * instantiated by the binary codec. Used by one thread while a codec is being built.
 */
final class LayoutCompiler {
    private final Map<Class<?>, RecordFieldCodec> records = new HashMap<>();
    private final List<MutableCallSite> writeSites = new ArrayList<>();

    /** Makes every composed record writer visible to all threads; call once when compilation is done. */
    void publish() {
        MutableCallSite.syncAll(writeSites.toArray(new MutableCallSite[0]));
    }

    RecordFieldCodec compileRecord(Class<?> recordClass) {
        RecordFieldCodec existing = records.get(recordClass);
        if (existing != null) {
            return existing;
        }
        if (!recordClass.isRecord()) {
            throw new IllegalArgumentException(recordClass.getName() + " is not a record");
        }
        RecordFieldCodec codec = new RecordFieldCodec(recordClass);
        records.put(recordClass, codec);
        RecordComponent[] components = recordClass.getRecordComponents();
        FieldCodec[] fields = new FieldCodec[components.length];
        MethodHandle[] accessors = new MethodHandle[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        try {
            MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(recordClass, MethodHandles.lookup());
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                fields[i] = compileType(component.getGenericType(), recordClass.getSimpleName() + "." + component.getName());
                accessors[i] = lookup.unreflect(component.getAccessor())
                        .asType(MethodType.methodType(Object.class, Object.class));
                parameterTypes[i] = component.getType();
            }
            Constructor<?> canonical = recordClass.getDeclaredConstructor(parameterTypes);
            MethodHandle constructor = lookup.unreflectConstructor(canonical)
                    .asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
            writeSites.add(codec.complete(fields, accessors, constructor));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot access record " + recordClass.getName(), e);
        }
        return codec;
    }

    private FieldCodec compileType(Type type, String where) {
        if (type instanceof ParameterizedType parameterized) {
            if (parameterized.getRawType() == List.class) {
                return new ListFieldCodec(compileType(parameterized.getActualTypeArguments()[0], where + "[]"));
            }
            throw new IllegalArgumentException(where + ": unsupported generic type " + type.getTypeName()
                    + " (only List<...> is supported)");
        }
        if (!(type instanceof Class<?> c)) {
            throw new IllegalArgumentException(where + ": unsupported type " + type.getTypeName());
        }
        if (c == String.class) {
            return ScalarFieldCodecs.STRING;
        }
        if (c == BigDecimal.class) {
            return ScalarFieldCodecs.DECIMAL;
        }
        if (c == Instant.class) {
            return ScalarFieldCodecs.INSTANT;
        }
        if (c == LocalDate.class) {
            return ScalarFieldCodecs.LOCAL_DATE;
        }
        if (c == YearMonth.class) {
            return ScalarFieldCodecs.YEAR_MONTH;
        }
        if (c == long.class) {
            return ScalarFieldCodecs.LONG_PRIMITIVE;
        }
        if (c == Long.class) {
            return ScalarFieldCodecs.LONG_BOXED;
        }
        if (c == int.class) {
            return ScalarFieldCodecs.INT_PRIMITIVE;
        }
        if (c == Integer.class) {
            return ScalarFieldCodecs.INT_BOXED;
        }
        if (c == short.class) {
            return ScalarFieldCodecs.SHORT_PRIMITIVE;
        }
        if (c == Short.class) {
            return ScalarFieldCodecs.SHORT_BOXED;
        }
        if (c == boolean.class) {
            return ScalarFieldCodecs.BOOLEAN_PRIMITIVE;
        }
        if (c == Boolean.class) {
            return ScalarFieldCodecs.BOOLEAN_BOXED;
        }
        if (c == double.class) {
            return ScalarFieldCodecs.DOUBLE_PRIMITIVE;
        }
        if (c == Double.class) {
            return ScalarFieldCodecs.DOUBLE_BOXED;
        }
        if (c.isEnum()) {
            return new EnumFieldCodec(c);
        }
        if (c.isRecord()) {
            return compileRecord(c);
        }
        throw new IllegalArgumentException(where + ": unsupported type " + c.getName()
                + " (use String, BigDecimal, Instant, LocalDate, YearMonth, integers, boolean, double, enums, "
                + "records or List of these)");
    }
}
