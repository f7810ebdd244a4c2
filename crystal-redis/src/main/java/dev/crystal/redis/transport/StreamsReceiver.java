package dev.crystal.redis.transport;

import static dev.crystal.redis.transport.StreamScripts.arg;

import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.StaleLeaseException;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.wire.DecodeOutcome;
import dev.crystal.wire.WireException;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.models.stream.PendingMessages;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a group on a destination's stream. {@link #poll} hands out reclaimed entries first, then new
 * ones (XREADGROUP without BLOCK); entries that do not decode are dead-lettered with the decoder's reason. An entry
 * holding a batch of frames is unpacked: each frame becomes an {@link Inbound} with the entry's id (so the
 * acknowledgement of any of them acknowledges the entry, and a poll may hand out more than {@code max} messages);
 * a batch with a frame that does not decode is dead-lettered whole, and its readable frames are still handed out.
 * {@link #ack} is one {@code ack} script (XACK, plus a trim at most every {@code trimInterval}); {@link #reclaim}
 * is one {@code reclaim} script (XAUTOCLAIM, delivery counts from XPENDING, poison entries dead-lettered).
 * A group found missing (Redis restarted without persistence, stream or group deleted) is created again by the
 * call that finds it, logged at WARN, instead of failing every poll. All fields (the reclaimed queue, the last trim
 * time) are owned by the one thread using the receiver.
 */
final class StreamsReceiver implements TransportReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsReceiver.class);
    private static final String FRAME = "f";
    private static final String REPLY_TO = "r";

    /** An entry claimed by {@link #reclaim} and not yet handed out. */
    private record Claimed(String id, int deliveryCount, Map<String, byte[]> fields) {
    }

    /** An entry that could not be read, to dead-letter. */
    private record Unreadable(String id, String reason, int deliveryCount) {
    }

    private final RedisStreamsTransport transport;
    private final String destination;
    private final String group;
    private final String consumer;
    private final String stream;
    private final String[] streamAndDead;
    private final long trimIntervalNanos;
    private final Map<String, Claimed> reclaimed = new LinkedHashMap<>();
    private long lastTrimNanos;
    private boolean closed;
    /** The lease epoch key the scripts check, or null when not fenced. */
    private String epochKey;
    private LongSupplier epoch;

    private StreamsReceiver(RedisStreamsTransport transport, String destination, String group, String consumer) {
        this.transport = transport;
        this.destination = destination;
        this.group = group;
        this.consumer = consumer;
        this.stream = transport.keys().stream(destination);
        this.streamAndDead = transport.keys().both(destination);
        this.trimIntervalNanos = transport.settings().trimInterval().toNanos();
        this.lastTrimNanos = System.nanoTime();
    }

    static StreamsReceiver open(RedisStreamsTransport transport, String destination, String group, String consumer) {
        StreamsReceiver receiver = new StreamsReceiver(transport, destination, group, consumer);
        if (receiver.openGroup()) {
            LOG.info("created consumer group {} on {}", group, receiver.stream);
        }
        return receiver;
    }

    /** Creates the group (and the stream) unless it exists; answers whether it was created. */
    private boolean openGroup() {
        Long created = transport.scripts().run(StreamScripts.Name.OPEN_GROUP, ScriptOutputType.INTEGER,
                new String[] {stream}, List.of(arg(group)));
        return created != null && created == 1L;
    }

    /** Whether {@code e} says the group (or its stream) is gone: Redis restarted without persistence, or a delete. */
    private static boolean groupMissing(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("NOGROUP") || message.contains("no such key"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The group is gone (a Redis restart without persistence, a failover to a replica that never had it, a delete):
     * creates it again at once instead of failing every poll, and forgets the entries claimed from the lost stream.
     * What the lost stream held is gone with it; the domains resume from their own stores (pending settlements,
     * bonuses, …). Logged at WARN once per recreation.
     */
    private void recreateGroup(RuntimeException cause) {
        reclaimed.clear();
        boolean created = openGroup();
        LOG.warn("consumer group {} of {} was missing ({}): {}; entries the lost stream held are gone, the domain "
                + "resumes from its store", group, stream, cause.getMessage(),
                created ? "recreated it" : "another member recreated it");
    }

    @Override
    public List<Inbound> poll(int max) {
        requireOpen();
        List<Inbound> out = new ArrayList<>(Math.min(Math.max(max, 0), 256));
        List<Unreadable> unreadable = new ArrayList<>();
        Iterator<Claimed> claimed = reclaimed.values().iterator();
        while (out.size() < max && claimed.hasNext()) {
            Claimed next = claimed.next();
            claimed.remove();
            read(next.id(), next.deliveryCount(), next.fields(), out, unreadable);
        }
        if (out.size() < max) {
            List<StreamMessage<String, byte[]>> fresh = readNew(max - out.size());
            if (fresh != null) {
                for (StreamMessage<String, byte[]> message : fresh) {
                    read(message.getId(), 1, message.getBody(), out, unreadable);
                }
            }
        }
        if (!unreadable.isEmpty()) {
            deadLetter(unreadable);
        }
        return out;
    }

    private List<StreamMessage<String, byte[]>> readNew(int count) {
        try {
            return xreadgroup(count);
        } catch (RedisCommandExecutionException e) {
            if (!groupMissing(e)) {
                throw e;
            }
            recreateGroup(e);
            return xreadgroup(count);
        }
    }

    private List<StreamMessage<String, byte[]>> xreadgroup(int count) {
        return transport.scripts().await(transport.redis().xreadgroup(Consumer.from(group, consumer),
                XReadArgs.Builder.count(count), XReadArgs.StreamOffset.lastConsumed(stream)));
    }

    private void read(String id, int deliveryCount, Map<String, byte[]> fields, List<Inbound> out,
                      List<Unreadable> unreadable) {
        byte[] frame = fields == null ? null : fields.get(FRAME);
        if (frame == null) {
            unreadable.add(new Unreadable(id, "entry has no frame field '" + FRAME + "'", deliveryCount));
            return;
        }
        byte[] replyToBytes = fields.get(REPLY_TO);
        String replyTo = replyToBytes == null ? null : new String(replyToBytes, StandardCharsets.UTF_8);
        if (!isBatch(frame)) {
            String reason = readFrame(id, deliveryCount, frame, replyTo, out);
            if (reason != null) {
                unreadable.add(new Unreadable(id, reason, deliveryCount));
            }
            return;
        }
        List<byte[]> frames;
        try {
            frames = transport.frameReader().readBatch(frame);
        } catch (WireException e) {
            unreadable.add(new Unreadable(id, "wire " + e.error() + ": " + e.detail(), deliveryCount));
            return;
        }
        String firstReason = null;
        for (int i = 0; i < frames.size(); i++) {
            String reason = readFrame(id, deliveryCount, frames.get(i), replyTo, out);
            if (reason != null && firstReason == null) {
                firstReason = "batch frame " + (i + 1) + " of " + frames.size() + ": " + reason;
            }
        }
        if (firstReason != null) {
            unreadable.add(new Unreadable(id, firstReason, deliveryCount));
        }
    }

    /** Decodes one frame into {@code out}; answers the reason when it cannot be read, else {@code null}. */
    private String readFrame(String id, int deliveryCount, byte[] frame, String replyTo, List<Inbound> out) {
        return switch (transport.decoder().decode(frame)) {
            case DecodeOutcome.Decoded decoded -> {
                out.add(new Inbound(decoded.envelope(), id, deliveryCount, replyTo));
                yield null;
            }
            case DecodeOutcome.Rejected rejected ->
                    "wire " + rejected.rejected().reason() + ": " + rejected.rejected().detail();
        };
    }

    /** A batch entry starts with the magic {@code C B} ({@link dev.crystal.wire.FrameWriter#writeBatch}). */
    private static boolean isBatch(byte[] entry) {
        return entry.length >= 2 && entry[0] == 'C' && entry[1] == 'B';
    }

    private void deadLetter(List<Unreadable> unreadable) {
        List<byte[]> args = new ArrayList<>(3 + 3 * unreadable.size());
        args.add(arg(group));
        args.add(arg(consumer));
        args.add(arg(transport.settings().deadLetterMaxLength()));
        for (Unreadable entry : unreadable) {
            args.add(arg(entry.id()));
            args.add(arg(entry.reason()));
            args.add(arg(entry.deliveryCount()));
            LOG.warn("dead-lettering entry {} of {} (group {}): {}", entry.id(), stream, group, entry.reason());
        }
        transport.scripts().run(StreamScripts.Name.DEAD_LETTER, ScriptOutputType.INTEGER, streamAndDead, args);
    }

    @Override
    public void ack(List<Inbound> messages) {
        requireOpen();
        long now = System.nanoTime();
        boolean trim = now - lastTrimNanos >= trimIntervalNanos;
        if (messages.isEmpty() && !trim) {
            return;
        }
        List<byte[]> args = new ArrayList<>(3 + messages.size());
        args.add(arg(group));
        args.add(arg(trim ? "1" : "0"));
        args.add(arg(epochKey == null ? 0 : epoch.getAsLong()));
        for (Inbound message : messages) {
            args.add(arg(message.deliveryId()));
        }
        String[] keys = epochKey == null ? new String[] {stream} : new String[] {stream, epochKey};
        try {
            transport.scripts().run(StreamScripts.Name.ACK, ScriptOutputType.INTEGER, keys, args);
        } catch (RedisCommandExecutionException e) {
            refuseIfStale(e);
            if (!groupMissing(e)) {
                throw e;
            }
            recreateGroup(e); // the entries to acknowledge went with the stream
        }
        if (trim) {
            lastTrimNanos = now;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public int reclaim(Duration minIdle) {
        requireOpen();
        List<byte[]> args = List.of(arg(group), arg(consumer),
                arg(transport.idleClock().redisMinIdleMillis(minIdle)),
                arg(transport.settings().maxDeliveries()), arg(transport.settings().reclaimBatch()),
                arg(transport.settings().deadLetterMaxLength()), arg(epochKey == null ? 0 : epoch.getAsLong()));
        String[] keys = epochKey == null ? streamAndDead : new String[] {streamAndDead[0], streamAndDead[1], epochKey};
        List<Object> reply;
        try {
            reply = transport.scripts().run(StreamScripts.Name.RECLAIM, ScriptOutputType.MULTI, keys, args);
        } catch (RedisCommandExecutionException e) {
            refuseIfStale(e);
            if (!groupMissing(e)) {
                throw e;
            }
            recreateGroup(e);
            return 0;
        }
        long dead = (Long) reply.get(0);
        if (dead > 0) {
            LOG.warn("dead-lettered {} entries of {} (group {}) after {} deliveries without acknowledgement", dead,
                    stream, group, transport.settings().maxDeliveries());
        }
        List<Object> claimed = (List<Object>) reply.get(1);
        for (Object item : claimed) {
            List<Object> entry = (List<Object>) item;
            String id = text(entry.get(0));
            int count = Math.toIntExact((Long) entry.get(1));
            List<Object> flat = (List<Object>) entry.get(2);
            Map<String, byte[]> fields = new HashMap<>();
            for (int i = 0; i + 1 < flat.size(); i += 2) {
                fields.put(text(flat.get(i)), (byte[]) flat.get(i + 1));
            }
            reclaimed.remove(id);
            reclaimed.put(id, new Claimed(id, count, fields));
        }
        return claimed.size();
    }

    /**
     * Fences the ack and reclaim scripts with the lease epoch kept under {@code epochKey}, which must carry this
     * destination as its hash tag (like {@code <prefix>:lease:{<destination>}:epoch}): then it lives in the stream's
     * Redis Cluster slot and one script checks the epoch and acts atomically.
     */
    @Override
    public boolean fence(String epochKey, LongSupplier epoch) {
        if (epochKey == null || epoch == null) {
            return false;
        }
        if (!hashTag(epochKey).equals(hashTag(stream))) {
            throw new IllegalArgumentException("the lease epoch key " + epochKey + " does not carry the hash tag {"
                    + destination + "} of stream " + stream + ": one script could not check it on a Redis Cluster");
        }
        this.epochKey = epochKey;
        this.epoch = epoch;
        return true;
    }

    /** The part of a key Redis Cluster hashes: between the first '{' and the next '}' when not empty, else all. */
    static String hashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1 ? key.substring(open + 1, close) : key;
    }

    private static void refuseIfStale(RedisCommandExecutionException e) {
        String message = e.getMessage();
        if (message != null && message.contains("STALE_EPOCH")) {
            throw new StaleLeaseException(message.substring(message.indexOf("STALE_EPOCH")), e);
        }
    }

    /** Entries handed out to this consumer and not acknowledged (claimed entries not yet polled excluded). */
    @Override
    public int pending() {
        requireOpen();
        PendingMessages summary;
        try {
            summary = transport.scripts().await(transport.redis().xpending(stream, group));
        } catch (RedisCommandExecutionException e) {
            if (!groupMissing(e)) {
                throw e;
            }
            recreateGroup(e);
            return 0;
        }
        Long mine = summary.getConsumerMessageCount().get(consumer);
        return (int) Math.max(0, (mine == null ? 0 : mine) - reclaimed.size());
    }

    /** Forgets the claimed entries not handed out; they stay pending in Redis for another member to reclaim. */
    @Override
    public void close() {
        closed = true;
        reclaimed.clear();
    }

    @Override
    public String toString() {
        return "StreamsReceiver[" + destination + ", group " + group + ", consumer " + consumer + "]";
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException(this + " is closed");
        }
        transport.requireOpen();
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }
}
