package dev.crystal.redis.transport;

import static dev.crystal.redis.transport.StreamScripts.arg;

import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.FlushResult;
import dev.crystal.runtime.spi.TransportSender;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Encodes envelopes into frames as they are sent and buffers them; {@link #flush()} runs one {@code send}
 * script per destination in the buffer, all pipelined on the shared connection (one round trip), each
 * appending that destination's entries in send order up to the capacity. The buffer is owned by the one
 * thread using the sender.
 */
final class StreamsSender implements TransportSender {
    private record Buffered(String destination, byte[] frame, String replyTo) {
    }

    private final RedisStreamsTransport transport;
    private final byte[] capacity;
    private final List<Buffered> buffer = new ArrayList<>();

    StreamsSender(RedisStreamsTransport transport) {
        this.transport = transport;
        this.capacity = arg(transport.settings().capacity());
    }

    /**
     * Encodes and buffers the envelope.
     *
     * @throws IllegalArgumentException when the target is not a valid destination name or {@code replyTo} is blank
     * @throws dev.crystal.wire.WireException when the payload's type is not registered or the payload is invalid
     */
    @Override
    public Delivery send(Envelope<?> envelope, String replyTo) {
        if (transport.closed()) {
            return Delivery.SHUTTING_DOWN;
        }
        transport.keys().stream(envelope.target());
        if (replyTo != null && replyTo.isBlank()) {
            throw new IllegalArgumentException("replyTo must be null (one-way) or a destination, was blank");
        }
        byte[] frame = transport.encoder().encode(envelope, transport.settings().wire());
        buffer.add(new Buffered(envelope.target(), frame, replyTo));
        return Delivery.ACCEPTED;
    }

    @Override
    public FlushResult flush() {
        if (buffer.isEmpty()) {
            return new FlushResult(List.of());
        }
        Delivery[] deliveries = new Delivery[buffer.size()];
        if (transport.closed()) {
            Arrays.fill(deliveries, Delivery.SHUTTING_DOWN);
            buffer.clear();
            return new FlushResult(Arrays.asList(deliveries));
        }
        Map<String, List<Integer>> byDestination = new LinkedHashMap<>();
        for (int i = 0; i < buffer.size(); i++) {
            byDestination.computeIfAbsent(buffer.get(i).destination(), d -> new ArrayList<>()).add(i);
        }
        List<CompletableFuture<List<Object>>> replies = new ArrayList<>(byDestination.size());
        for (Map.Entry<String, List<Integer>> destination : byDestination.entrySet()) {
            List<byte[]> args = new ArrayList<>(1 + 2 * destination.getValue().size());
            args.add(capacity);
            for (int index : destination.getValue()) {
                Buffered entry = buffer.get(index);
                args.add(entry.frame());
                args.add(entry.replyTo() == null ? new byte[0] : arg(entry.replyTo()));
            }
            String[] keys = {transport.keys().stream(destination.getKey())};
            replies.add(transport.scripts().start(StreamScripts.Name.SEND, ScriptOutputType.MULTI, keys, args));
        }
        buffer.clear();
        int d = 0;
        for (List<Integer> indexes : byDestination.values()) {
            List<Object> added = transport.scripts().await(replies.get(d++));
            for (int i = 0; i < indexes.size(); i++) {
                deliveries[indexes.get(i)] = ((Long) added.get(i)) == 1L ? Delivery.ACCEPTED : Delivery.REJECTED;
            }
        }
        return new FlushResult(Arrays.asList(deliveries));
    }

    /** Flushes what is buffered (SHUTTING_DOWN when the transport is closed). */
    @Override
    public void close() {
        flush();
    }
}
