package dev.crystal.redis.transport;

import static dev.crystal.redis.transport.StreamScripts.arg;

import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.FlushResult;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.wire.BatchSettings;
import dev.crystal.wire.FrameWriter;
import dev.crystal.wire.WireSettings;
import io.lettuce.core.ScriptOutputType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Encodes envelopes into frames as they are sent, each with the settings the transport's
 * {@link dev.crystal.wire.WireSettingsResolver} gives for its route and correlation id (codec, compression,
 * batching), and buffers them; {@link #flush()} runs one {@code send} script per destination in the buffer, all
 * pipelined on the shared connection (one round trip), each appending that destination's entries in send order
 * up to the capacity. Consecutive frames of one destination whose batching is on (and that share a reply-to) go
 * as one entry holding a batch ({@link FrameWriter#writeBatch}) of at most {@code maxMessages} frames; the entry's
 * answer (accepted or rejected) is every one of its frames' answer. The buffer is owned by the one thread using
 * the sender.
 */
final class StreamsSender implements TransportSender {
    private record Buffered(String destination, byte[] frame, String replyTo, BatchSettings batching) {
    }

    /** One stream entry to write: a frame, or a batch of frames, and the buffer indexes it answers for. */
    private record Entry(byte[] payload, String replyTo, List<Integer> indexes) {
    }

    private static final FrameWriter WRITER = new FrameWriter();

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
        WireSettings settings = transport.resolver().resolve(envelope.source(), envelope.target(),
                envelope.correlationId());
        byte[] frame = transport.encoder().encode(envelope, settings);
        buffer.add(new Buffered(envelope.target(), frame, replyTo, settings.batching()));
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
        List<List<Entry>> entriesByDestination = new ArrayList<>(byDestination.size());
        for (Map.Entry<String, List<Integer>> destination : byDestination.entrySet()) {
            List<Entry> entries = entries(destination.getValue());
            entriesByDestination.add(entries);
            List<byte[]> args = new ArrayList<>(1 + 2 * entries.size());
            args.add(capacity);
            for (Entry entry : entries) {
                args.add(entry.payload());
                args.add(entry.replyTo() == null ? new byte[0] : arg(entry.replyTo()));
            }
            String[] keys = {transport.keys().stream(destination.getKey())};
            replies.add(transport.scripts().start(StreamScripts.Name.SEND, ScriptOutputType.MULTI, keys, args));
        }
        buffer.clear();
        int d = 0;
        for (List<Entry> entries : entriesByDestination) {
            List<Object> added = transport.scripts().await(replies.get(d++));
            for (int e = 0; e < entries.size(); e++) {
                Delivery delivery = ((Long) added.get(e)) == 1L ? Delivery.ACCEPTED : Delivery.REJECTED;
                for (int index : entries.get(e).indexes()) {
                    deliveries[index] = delivery;
                }
            }
        }
        return new FlushResult(Arrays.asList(deliveries));
    }

    /**
     * The stream entries for one destination's buffered frames, in send order: a frame whose batching is off is an
     * entry of its own; consecutive frames whose batching is on and that share a reply-to are packed into batches
     * of at most the first one's {@code maxMessages}.
     */
    private List<Entry> entries(List<Integer> indexes) {
        List<Entry> entries = new ArrayList<>(indexes.size());
        int i = 0;
        while (i < indexes.size()) {
            Buffered first = buffer.get(indexes.get(i));
            int end = i + 1;
            if (first.batching().enabled()) {
                int limit = Math.min(indexes.size(), i + first.batching().maxMessages());
                while (end < limit) {
                    Buffered next = buffer.get(indexes.get(end));
                    if (!next.batching().enabled() || !Objects.equals(next.replyTo(), first.replyTo())) {
                        break;
                    }
                    end++;
                }
            }
            List<Integer> members = indexes.subList(i, end);
            if (members.size() == 1) {
                entries.add(new Entry(first.frame(), first.replyTo(), members));
            } else {
                List<byte[]> frames = new ArrayList<>(members.size());
                for (int index : members) {
                    frames.add(buffer.get(index).frame());
                }
                entries.add(new Entry(WRITER.writeBatch(frames), first.replyTo(), members));
            }
            i = end;
        }
        return entries;
    }

    /** Flushes what is buffered (SHUTTING_DOWN when the transport is closed). */
    @Override
    public void close() {
        flush();
    }
}
