package dev.crystal.server.cluster;

import dev.crystal.cluster.ClusterNode;
import dev.crystal.cluster.ForwardBatching;
import dev.crystal.wire.BatchSettings;
import dev.crystal.wire.MessageTypeRegistry;
import dev.crystal.wire.WireSettingsResolver;
import java.util.function.Consumer;

/**
 * The platform's wire rules as cluster mode applies them: flags named by domain resolved for the cluster's
 * addresses, the forwarders' batching taken from the live flags, and the platform records' field constraints
 * checked before a message leaves the node. Stateless; the functions it returns are thread-safe.
 */
public final class ClusterWire {
    /** The platform's cross-node records and their constraints (immutable, shared). */
    private static final MessageTypeRegistry WIRE_TYPES = PlatformWireTypes.registry();

    private ClusterWire() {
    }

    /**
     * Wire flags resolved by domain: a frame's source and target are the addresses of the cluster
     * ({@code domain.balance}, {@code balance.worker}, {@code replies.node-1}), while flags name domains
     * ({@code domain:balance}, {@code route:collections->balance}); this maps the former to the latter.
     */
    public static WireSettingsResolver byDomain(WireSettingsResolver flags) {
        return (source, target, correlationId) -> flags.resolve(ClusterNode.domainOf(source),
                ClusterNode.domainOf(target), correlationId);
    }

    /**
     * The forwarders' batching from {@code flags} (may be null: never batch), resolved by domain: a message waits
     * for a batch when the flags turn batching on for its route and correlation id.
     */
    public static ForwardBatching batching(WireSettingsResolver flags) {
        if (flags == null) {
            return null;
        }
        WireSettingsResolver byDomain = byDomain(flags);
        return (source, target, correlationId) -> {
            BatchSettings batching = byDomain.resolve(source, target, correlationId).batching();
            return batching == null || !batching.enabled() ? null
                    : new ForwardBatching.Batch(batching.maxMessages(), batching.maxDelay());
        };
    }

    /**
     * Refuses a platform message that breaks its field constraints, naming each field (a {@code WireException}
     * whose message says {@code INVALID_MESSAGE}); other payloads pass.
     */
    public static Consumer<Object> check() {
        return payload -> WIRE_TYPES.byClass(payload.getClass()).ifPresent(type -> type.requireValid(payload));
    }
}
