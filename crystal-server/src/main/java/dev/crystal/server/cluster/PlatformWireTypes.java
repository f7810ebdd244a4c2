package dev.crystal.server.cluster;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.spi.ReplyFailed;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.MessageType;
import dev.crystal.wire.MessageTypeRegistry;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every record that crosses nodes in cluster mode: the commands each domain address takes, the replies its
 * requests expect, the domain events, and {@link ReplyFailed}. Each is registered under its simple class name,
 * the type name the runtime stamps on envelopes. Stateless.
 */
public final class PlatformWireTypes {
    /** The domain addresses a cluster node can run or forward to. */
    public static final List<Address<?>> DOMAIN_ADDRESSES = List.of(Addresses.BALANCE, Addresses.COLLECTIONS,
            Addresses.DISTRIBUTIONS, Addresses.FREEPLAY, Addresses.ADJUSTMENTS, Addresses.NOTIFICATIONS,
            Addresses.WORKFLOWS);

    private PlatformWireTypes() {
    }

    /** The registry of every cross-node record. */
    public static MessageTypeRegistry registry() {
        Map<String, Class<?>> records = new LinkedHashMap<>();
        for (Address<?> address : DOMAIN_ADDRESSES) {
            collect(address.messageType(), records);
        }
        collect(DomainEvent.class, records);
        collect(ReplyFailed.class, records);
        MessageTypeRegistry.Builder builder = MessageTypeRegistry.builder();
        records.forEach((name, type) -> builder.register(MessageType.builder(name, type).build()));
        return builder.build();
    }

    /** The standard codecs over {@link #registry()}. */
    public static CodecSet codecs() {
        return CodecSet.standard(registry(), DecoderLimits.defaults());
    }

    private static void collect(Class<?> type, Map<String, Class<?>> records) {
        if (type.isRecord()) {
            Class<?> known = records.putIfAbsent(type.getSimpleName(), type);
            if (known != null && known != type) {
                throw new IllegalStateException("two cross-node records share the name " + type.getSimpleName()
                        + ": " + known.getName() + " and " + type.getName());
            }
            if (known == null) {
                for (Type implemented : type.getGenericInterfaces()) {
                    if (implemented instanceof ParameterizedType p && p.getRawType() == Request.class
                            && p.getActualTypeArguments()[0] instanceof Class<?> reply) {
                        collect(reply, records);
                    }
                }
            }
        }
        if (type.isSealed()) {
            for (Class<?> permitted : type.getPermittedSubclasses()) {
                collect(permitted, records);
            }
        }
    }
}
