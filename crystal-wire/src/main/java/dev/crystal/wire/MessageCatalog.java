package dev.crystal.wire;

/**
 * A module's contribution to a {@link MessageTypeRegistry}: the settlement module, the jobs
 * module and tests each declare their message types in one catalog and the server combines them.
 * Called once, on the thread that builds the registry.
 */
@FunctionalInterface
public interface MessageCatalog {

    /** Registers this module's message types. */
    void registerInto(MessageTypeRegistry.Builder builder);
}
