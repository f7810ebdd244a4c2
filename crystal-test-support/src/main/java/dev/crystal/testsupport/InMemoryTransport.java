package dev.crystal.testsupport;

import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.FlushResult;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-JVM {@link Transport} for tests (no production code uses it): envelopes pass by reference through per-group queues, with the same
 * at-least-once, pending-until-acknowledged semantics a Redis Streams consumer group has.
 * Thread-safe: streams and groups are concurrent structures; each sender and receiver is owned by one thread.
 */
public final class InMemoryTransport implements Transport {
    private final InstantSource clock;
    private final int capacity;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public InMemoryTransport(InstantSource clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public String name() {
        return "in-memory";
    }

    @Override
    public TransportSender openSender() {
        return new Sender();
    }

    @Override
    public TransportReceiver openReceiver(String destination, String group, String consumer) {
        return new Receiver(stream(destination).group(group), consumer);
    }

    @Override
    public void close() {
        closed = true;
    }

    private Stream stream(String destination) {
        return streams.computeIfAbsent(destination, d -> new Stream());
    }

    /** An entry of a stream: the same entry (and delivery id) is seen by every group. */
    private record Entry(Envelope<?> envelope, String deliveryId, String replyTo) {
    }

    /** An entry handed to a consumer and not yet acknowledged. */
    private record Pending(Entry entry, String consumer, Instant since, int deliveryCount) {
    }

    /** One destination: its groups, and a backlog kept for the first group to open. */
    private final class Stream {
        private final AtomicLong sequence = new AtomicLong();
        private final List<Group> groups = new CopyOnWriteArrayList<>();
        private final Map<String, Group> groupsByName = new ConcurrentHashMap<>();
        private final Group backlog = new Group();

        Group group(String name) {
            return groupsByName.computeIfAbsent(name, n -> {
                Group group = groups.isEmpty() ? backlog : new Group();
                groups.add(group);
                return group;
            });
        }

        Delivery append(Envelope<?> envelope, String replyTo) {
            List<Group> targets = groups.isEmpty() ? List.of(backlog) : groups;
            for (Group g : targets) {
                if (g.readyCount.get() >= capacity) {
                    return Delivery.REJECTED;
                }
            }
            Entry entry = new Entry(envelope, sequence.incrementAndGet() + "-0", replyTo);
            for (Group g : targets) {
                g.ready.add(new Pending(entry, "", Instant.EPOCH, 0));
                g.readyCount.incrementAndGet();
                g.wakes.forEach(Runnable::run);
            }
            return Delivery.ACCEPTED;
        }
    }

    /** A consumer group: entries ready to hand out, and entries pending per delivery id. */
    private static final class Group {
        final ConcurrentLinkedQueue<Pending> ready = new ConcurrentLinkedQueue<>();
        final AtomicInteger readyCount = new AtomicInteger();
        final Map<String, Pending> pending = new ConcurrentHashMap<>();
        /** The wake-ups of the members whose consumers park until something arrives. */
        final List<Runnable> wakes = new CopyOnWriteArrayList<>();
    }

    /** Buffers envelopes until flush. Owned by one thread. */
    private final class Sender implements TransportSender {
        private final List<Entry> buffer = new ArrayList<>();

        @Override
        public Delivery send(Envelope<?> envelope, String replyTo) {
            if (closed) {
                return Delivery.SHUTTING_DOWN;
            }
            buffer.add(new Entry(envelope, "", replyTo));
            return Delivery.ACCEPTED;
        }

        @Override
        public FlushResult flush() {
            List<Delivery> deliveries = new ArrayList<>(buffer.size());
            for (Entry buffered : buffer) {
                deliveries.add(closed ? Delivery.SHUTTING_DOWN
                        : stream(buffered.envelope().target()).append(buffered.envelope(), buffered.replyTo()));
            }
            buffer.clear();
            return new FlushResult(deliveries);
        }

        @Override
        public void close() {
            flush();
        }
    }

    /** One group member's view. Owned by one thread. */
    private final class Receiver implements TransportReceiver {
        private final Group group;
        private final String consumer;
        private Runnable wake;

        Receiver(Group group, String consumer) {
            this.group = group;
            this.consumer = consumer;
        }

        @Override
        public List<Inbound> poll(int max) {
            List<Inbound> out = new ArrayList<>(Math.min(max, 64));
            Pending next;
            while (out.size() < max && (next = group.ready.poll()) != null) {
                group.readyCount.decrementAndGet();
                Pending taken = new Pending(next.entry(), consumer, clock.instant(), next.deliveryCount() + 1);
                group.pending.put(taken.entry().deliveryId(), taken);
                out.add(new Inbound(taken.entry().envelope(), taken.entry().deliveryId(), taken.deliveryCount(),
                        taken.entry().replyTo()));
            }
            return out;
        }

        /** Every append to the group runs {@code wakeUp}: the consumer may park until then. */
        @Override
        public long wakeOnArrival(Runnable wakeUp) {
            wake = wakeUp;
            group.wakes.add(wakeUp);
            return Long.MAX_VALUE;
        }

        @Override
        public void ack(List<Inbound> messages) {
            for (Inbound message : messages) {
                group.pending.remove(message.deliveryId());
            }
        }

        @Override
        public int reclaim(Duration minIdle) {
            Instant cutoff = clock.instant().minus(minIdle);
            int count = 0;
            for (Pending p : group.pending.values()) {
                if (!p.since().isAfter(cutoff) && group.pending.remove(p.entry().deliveryId(), p)) {
                    group.ready.add(p);
                    group.readyCount.incrementAndGet();
                    count++;
                }
            }
            return count;
        }

        @Override
        public int pending() {
            int count = 0;
            for (Pending p : group.pending.values()) {
                if (p.consumer().equals(consumer)) {
                    count++;
                }
            }
            return count;
        }

        @Override
        public void close() {
            // Pending entries stay pending: another member reclaims them, as with a Redis consumer group.
            if (wake != null) {
                group.wakes.remove(wake);
            }
        }
    }
}
