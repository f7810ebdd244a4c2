package dev.crystal.runtime;

import java.util.Objects;

/**
 * A typed destination: the name of a worker and the type of message it accepts.
 * Sending anything that is not a {@code T} to it does not compile.
 *
 * @param name        unique name of the worker inside a runtime, e.g. {@code "balance"}
 * @param messageType the (usually sealed) interface every message to this worker implements
 * @param <T>         message type accepted by the worker
 */
public record Address<T>(String name, Class<T> messageType) {
    public Address {
        Objects.requireNonNull(messageType, "messageType");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("address name must not be blank");
        }
    }

    /** Shorthand for {@code new Address<>(name, type)}. */
    public static <T> Address<T> of(String name, Class<T> messageType) {
        return new Address<>(name, messageType);
    }

    @Override
    public String toString() {
        return name;
    }
}
