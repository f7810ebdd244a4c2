package dev.crystal.store.inbox;

/**
 * Turns message payloads into text for the outbox and back, e.g. JSON written by the application's contract
 * mapper. Implementations must be stateless or immutable: {@link InboxWorker} calls them on its worker thread.
 */
public interface PayloadCodec {

    /**
     * The payload as text.
     *
     * @throws RuntimeException if the payload cannot be written; the handler that emitted it then fails
     */
    String encode(Object payload);

    /**
     * The payload of class {@code payloadClass} (as stored with it) read back from {@code text}.
     *
     * @throws RuntimeException if the class is unknown or not a message, or the text does not read as one
     */
    Object decode(String payloadClass, String text);
}
