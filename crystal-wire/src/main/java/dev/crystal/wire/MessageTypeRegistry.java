package dev.crystal.wire;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The message types a process can put on or take off the wire: stable name + schema version
 * bound to a record class. Codecs refuse every class not registered here. Immutable and
 * thread-safe once built.
 */
public final class MessageTypeRegistry {
    private final Map<String, MessageType<?>> byName;
    private final Map<Class<?>, MessageType<?>> byClass;

    private MessageTypeRegistry(Map<String, MessageType<?>> byName, Map<Class<?>, MessageType<?>> byClass) {
        this.byName = Map.copyOf(byName);
        this.byClass = Map.copyOf(byClass);
    }

    /** Starts an empty registry. */
    public static Builder builder() {
        return new Builder();
    }

    /** A registry of the given catalogs. */
    public static MessageTypeRegistry of(MessageCatalog... catalogs) {
        Builder builder = builder();
        for (MessageCatalog catalog : catalogs) {
            builder.include(catalog);
        }
        return builder.build();
    }

    /** The type registered under a wire name. */
    public Optional<MessageType<?>> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The type registered for a record class. */
    @SuppressWarnings("unchecked")
    public <T> Optional<MessageType<T>> byClass(Class<T> recordClass) {
        return Optional.ofNullable((MessageType<T>) byClass.get(recordClass));
    }

    /**
     * The type registered under a wire name.
     *
     * @throws WireException {@link WireError#UNKNOWN_MESSAGE_TYPE} when none is
     */
    public MessageType<?> requireName(String name) {
        MessageType<?> type = byName.get(name);
        if (type == null) {
            throw new WireException(WireError.UNKNOWN_MESSAGE_TYPE, "message type '" + name + "' is not registered");
        }
        return type;
    }

    /**
     * The type registered for the class of a message.
     *
     * @throws WireException {@link WireError#UNKNOWN_MESSAGE_TYPE} when none is
     */
    public MessageType<?> requireClass(Class<?> recordClass) {
        MessageType<?> type = byClass.get(recordClass);
        if (type == null) {
            throw new WireException(WireError.UNKNOWN_MESSAGE_TYPE,
                    "class " + recordClass.getName() + " is not a registered message type");
        }
        return type;
    }

    /** Every registered type. */
    public Collection<MessageType<?>> types() {
        return List.copyOf(byName.values());
    }

    /** Collects message types from any number of modules. Used by one thread. */
    public static final class Builder {
        private final Map<String, MessageType<?>> byName = new LinkedHashMap<>();
        private final Map<Class<?>, MessageType<?>> byClass = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds a type.
         *
         * @throws IllegalArgumentException when its name or class is already registered
         */
        public Builder register(MessageType<?> type) {
            Objects.requireNonNull(type, "type");
            if (byName.containsKey(type.name())) {
                throw new IllegalArgumentException("message type " + type.name() + " is already registered");
            }
            if (byClass.containsKey(type.recordClass())) {
                throw new IllegalArgumentException(type.recordClass().getName() + " is already registered as "
                        + byClass.get(type.recordClass()).name());
            }
            byName.put(type.name(), type);
            byClass.put(type.recordClass(), type);
            return this;
        }

        /** Adds every type of a module's catalog. */
        public Builder include(MessageCatalog catalog) {
            catalog.registerInto(this);
            return this;
        }

        /** The immutable registry. */
        public MessageTypeRegistry build() {
            return new MessageTypeRegistry(byName, byClass);
        }
    }
}
