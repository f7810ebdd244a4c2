package dev.crystal.server.load;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Relative weights of the operation kinds, e.g. {@code payout=45,collection=40,overdraft=5}.
 * Immutable; {@link #pick(double)} maps a uniform random number to a kind.
 */
public final class OperationMix {
    /** Mostly settlements both ways, some refused for insufficient funds, some free play when offered. */
    public static final String DEFAULT = "payout=45,collection=40,overdraft=5,bonus=5,redemption=5";

    private final EnumMap<OperationKind, Integer> weights;
    private final int total;

    private OperationMix(EnumMap<OperationKind, Integer> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("the mix needs at least one operation with a positive weight");
        }
        this.weights = weights;
        this.total = weights.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Parses {@code kind=weight} pairs separated by commas; weights are non-negative integers. */
    public static OperationMix parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the mix is empty; use e.g. " + DEFAULT);
        }
        EnumMap<OperationKind, Integer> weights = new EnumMap<>(OperationKind.class);
        for (String part : text.split(",")) {
            String[] kv = part.split("=");
            if (kv.length != 2) {
                throw new IllegalArgumentException("mix entry '" + part.trim() + "' is not kind=weight");
            }
            OperationKind kind = OperationKind.fromWireName(kv[0]);
            int weight;
            try {
                weight = Integer.parseInt(kv[1].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("weight of " + kind.wireName() + " must be an integer, was '"
                        + kv[1].trim() + "'");
            }
            if (weight < 0 || weight > 1_000_000) {
                throw new IllegalArgumentException("weight of " + kind.wireName() + " must be 0..1000000, was " + weight);
            }
            if (weights.containsKey(kind)) {
                throw new IllegalArgumentException(kind.wireName() + " appears twice in the mix");
            }
            if (weight > 0) {
                weights.put(kind, weight);
            }
        }
        return new OperationMix(weights);
    }

    /** This mix without the given kinds (e.g. those the target does not offer). */
    public OperationMix without(Collection<OperationKind> kinds) {
        EnumMap<OperationKind, Integer> rest = new EnumMap<>(weights);
        kinds.forEach(rest::remove);
        if (rest.isEmpty()) {
            throw new IllegalArgumentException("nothing left in the mix " + this + " without " + kinds);
        }
        return new OperationMix(rest);
    }

    /** The kinds with a positive weight. */
    public Set<OperationKind> kinds() {
        return Collections.unmodifiableSet(weights.keySet());
    }

    /** The kind for a uniform random number {@code u} in [0, 1). */
    public OperationKind pick(double u) {
        double target = u * total;
        int cumulative = 0;
        OperationKind last = null;
        for (Map.Entry<OperationKind, Integer> e : weights.entrySet()) {
            cumulative += e.getValue();
            last = e.getKey();
            if (target < cumulative) {
                return last;
            }
        }
        return last;
    }

    @Override
    public String toString() {
        return weights.entrySet().stream().map(e -> e.getKey().wireName() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
