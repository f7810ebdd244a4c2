package dev.crystal.wire.internal;

import dev.crystal.wire.ConstraintKind;
import dev.crystal.wire.FieldConstraint;
import dev.crystal.wire.Violation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A {@link FieldConstraint} resolved against a record class: the chain of accessors to the field
 * and the check to run on its value. Immutable and thread-safe.
 */
public final class CompiledConstraint {
    private final FieldConstraint constraint;
    private final List<Step> steps;
    private final Set<String> allowed;
    /** For a money constraint on a money type (not BigDecimal): its {@code toBigDecimal()}; else null. */
    private final MethodHandle toDecimal;

    private record Step(String name, MethodHandle accessor, boolean eachElement) {
    }

    private CompiledConstraint(FieldConstraint constraint, List<Step> steps, MethodHandle toDecimal) {
        this.constraint = constraint;
        this.steps = List.copyOf(steps);
        this.allowed = Set.copyOf(constraint.allowedValues());
        this.toDecimal = toDecimal;
    }

    /** Resolves the constraint's path against the record class, failing fast on a bad path or type. */
    public static CompiledConstraint compile(Class<?> recordClass, FieldConstraint constraint) {
        String[] segments = constraint.path().split("\\.");
        List<Step> steps = new ArrayList<>();
        Class<?> current = recordClass;
        Type leafType = recordClass;
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean each = segment.endsWith("[]");
            String name = each ? segment.substring(0, segment.length() - 2) : segment;
            if (current == null || !current.isRecord()) {
                throw new IllegalArgumentException(constraint.path() + ": '" + name + "' is not inside a record");
            }
            RecordComponent component = findComponent(current, name, constraint.path());
            MethodHandle accessor;
            try {
                accessor = MethodHandles.privateLookupIn(current, MethodHandles.lookup())
                        .unreflect(component.getAccessor())
                        .asType(MethodType.methodType(Object.class, Object.class));
            } catch (IllegalAccessException e) {
                throw new IllegalArgumentException(constraint.path() + ": cannot read '" + name + "'", e);
            }
            Type type = component.getGenericType();
            if (each) {
                if (!(type instanceof ParameterizedType list) || list.getRawType() != List.class) {
                    throw new IllegalArgumentException(constraint.path() + ": '" + name + "' is not a List");
                }
                type = list.getActualTypeArguments()[0];
            }
            steps.add(new Step(name, accessor, each));
            leafType = type;
            current = type instanceof Class<?> c ? c : null;
        }
        checkLeafType(constraint, leafType);
        return new CompiledConstraint(constraint, steps, moneyReader(constraint, leafType));
    }

    private static RecordComponent findComponent(Class<?> recordClass, String name, String path) {
        for (RecordComponent component : recordClass.getRecordComponents()) {
            if (component.getName().equals(name)) {
                return component;
            }
        }
        throw new IllegalArgumentException(path + ": " + recordClass.getSimpleName() + " has no field '" + name + "'");
    }

    private static void checkLeafType(FieldConstraint constraint, Type leaf) {
        Class<?> type = leaf instanceof Class<?> c ? c : null;
        boolean fits = switch (constraint.kind()) {
            case REQUIRED -> type == null || !type.isPrimitive();
            case NON_BLANK, ONE_OF -> type == String.class;
            case POSITIVE_MONEY, NON_NEGATIVE_MONEY -> type == BigDecimal.class || decimalAccessor(type) != null;
            case RANGE -> type == Integer.class || type == Long.class || type == int.class || type == long.class
                    || type == Short.class || type == short.class;
        };
        if (!fits) {
            throw new IllegalArgumentException(constraint.path() + ": " + constraint.kind()
                    + " does not apply to a field of type " + leaf.getTypeName());
        }
    }

    /**
     * A money type other than BigDecimal (e.g. the platform's {@code Money}) is checked through its public
     * no-argument {@code toBigDecimal()}.
     */
    private static Method decimalAccessor(Class<?> type) {
        if (type == null) {
            return null;
        }
        try {
            Method method = type.getMethod("toBigDecimal");
            return method.getReturnType() == BigDecimal.class ? method : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private static MethodHandle moneyReader(FieldConstraint constraint, Type leaf) {
        if (constraint.kind() != ConstraintKind.POSITIVE_MONEY && constraint.kind() != ConstraintKind.NON_NEGATIVE_MONEY
                || leaf == BigDecimal.class) {
            return null;
        }
        try {
            return MethodHandles.publicLookup().unreflect(decimalAccessor((Class<?>) leaf))
                    .asType(MethodType.methodType(BigDecimal.class, Object.class));
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException(constraint.path() + ": cannot read the amount of " + leaf.getTypeName(), e);
        }
    }

    /** Adds a violation for every value on the path that breaks the constraint. */
    public void check(Object root, List<Violation> violations) {
        walk(root, 0, new StringBuilder(), violations);
    }

    private void walk(Object value, int stepIndex, StringBuilder path, List<Violation> violations) {
        if (stepIndex == steps.size()) {
            String problem = problemWith(value);
            if (problem != null) {
                violations.add(new Violation(path.toString(), problem));
            }
            return;
        }
        Step step = steps.get(stepIndex);
        int mark = path.length();
        if (mark > 0) {
            path.append('.');
        }
        path.append(step.name());
        Object child = read(step, value);
        if (child == null) {
            violations.add(new Violation(path.toString(), "is missing"));
        } else if (step.eachElement()) {
            List<?> list = (List<?>) child;
            int listMark = path.length();
            for (int i = 0; i < list.size(); i++) {
                path.append('[').append(i).append(']');
                Object element = list.get(i);
                if (element == null) {
                    violations.add(new Violation(path.toString(), "is missing"));
                } else {
                    walk(element, stepIndex + 1, path, violations);
                }
                path.setLength(listMark);
            }
        } else {
            walk(child, stepIndex + 1, path, violations);
        }
        path.setLength(mark);
    }

    private static Object read(Step step, Object owner) {
        try {
            return (Object) step.accessor().invokeExact(owner);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read " + step.name() + " of " + owner.getClass().getName(), e);
        }
    }

    private String problemWith(Object value) {
        ConstraintKind kind = constraint.kind();
        return switch (kind) {
            case REQUIRED -> null;
            case NON_BLANK -> ((String) value).isBlank() ? "must not be blank" : null;
            case POSITIVE_MONEY -> moneyProblem(decimal(value), true);
            case NON_NEGATIVE_MONEY -> moneyProblem(decimal(value), false);
            case ONE_OF -> allowed.contains((String) value) ? null
                    : "must be one of " + constraint.allowedValues() + " (was '" + value + "')";
            case RANGE -> {
                long number = ((Number) value).longValue();
                yield number >= constraint.min() && number <= constraint.max() ? null
                        : "must be between " + constraint.min() + " and " + constraint.max() + " (was " + number + ")";
            }
        };
    }

    private BigDecimal decimal(Object value) {
        if (toDecimal == null) {
            return (BigDecimal) value;
        }
        try {
            return (BigDecimal) toDecimal.invokeExact(value);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the amount of " + value.getClass().getName(), e);
        }
    }

    private static String moneyProblem(BigDecimal amount, boolean strictlyPositive) {
        int sign = amount.signum();
        boolean signOk = strictlyPositive ? sign > 0 : sign >= 0;
        if (!signOk || amount.scale() > 2) {
            return (strictlyPositive ? "must be positive" : "must not be negative")
                    + " with at most 2 decimals (was " + amount.toPlainString() + ")";
        }
        return null;
    }
}
