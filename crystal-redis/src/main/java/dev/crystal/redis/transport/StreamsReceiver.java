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
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of a group on a destination's stream. {@link #poll} hands out reclaimed entries first, then new
 * ones. Until a consumer asks to be {@linkplain #wakeOnArrival woken}, new entries are read when polled
 * (XREADGROUP without BLOCK); after that they are read ahead: one XREADGROUP with BLOCK at a time, on a connection
 * of the receiver's own, which Redis answers as soon as an entry arrives (or after {@value #READ_BLOCK_MILLIS} ms
 * empty, when it is sent again: an idle receiver costs one command per {@value #READ_BLOCK_MILLIS} ms); what it
 * brings is queued and the consumer woken, and the next read is sent when the consumer has taken the queue (so at
 * most one read's worth is ahead, pending for this consumer like a polled batch). Entries that do not decode are dead-lettered with the decoder's reason. An entry
 * holding a batch of frames is unpacked: each frame becomes an {@link Inbound} with the entry's id (so the
 * acknowledgement of any of them acknowledges the entry, and a poll may hand out more than {@code max} messages);
 * a batch with a frame that does not decode is dead-lettered whole, and its readable frames are still handed out.
 * {@link #ack} sends one {@code ack} script (XACK, plus a trim at most every {@code trimInterval}) without waiting
 * for it (pipelined: its failure is logged at the next ack, and the entries come back, which the inbox drops);
 * {@link #pending} and {@link #close} wait for it. {@link #reclaim}
 * is one {@code reclaim} script (XAUTOCLAIM, delivery counts from XPENDING, poison entries dead-lettered).
 * A group found missing (Redis restarted without persistence, stream or group deleted) is created again by the
 * call that finds it, logged at WARN, instead of failing every poll. The reclaimed queue, the last trim time and the
 * last acknowledgement are owned by the one thread using the receiver; the read-ahead queue, its in-flight flag, its
 * failure and {@code closed} are shared with the Lettuce thread that completes a read.
 */
final class StreamsReceiver implements TransportReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsReceiver.class);
    private static final String FRAME = "f";
    private static final String REPLY_TO = "r";
    /** How long one read-ahead XREADGROUP waits in Redis for an entry before it answers empty and is sent again. */
    static final long READ_BLOCK_MILLIS = 2_000;
    /** How long {@link #close} waits for the last acknowledgement to be answered. */
    private static final long CLOSE_ACK_WAIT_MILLIS = 1_000;

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
    private volatile boolean closed;
    /** The last acknowledgement sent and not yet seen answered, or {@code null}. */
    private CompletableFuture<Long> lastAck;
    /** The lease epoch key the scripts check, or null when not fenced. */
    private String epochKey;
    private LongSupplier epoch;

    // ---- read-ahead (after wakeOnArrival): shared with the Lettuce thread completing a read ----
    /** Runs the consumer's wake-up, or {@code null} while this receiver reads when polled. */
    private volatile Runnable wake;
    /** The read-ahead connection's commands (its own connection: a blocked read holds it); null until needed. */
    private RedisStreamsTransport.ReaderConnection reader;
    private final Queue<StreamMessage<String, byte[]>> fetched = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile RuntimeException readFailure;
    /** Entries one read-ahead asks for: the {@code max} of the last poll. */
    private volatile int readCount = 1;

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
        if (wake != null) {
            takeAhead(max, out, unreadable);
        } else if (out.size() < max) {
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

    /**
     * Reads ahead from now on: entries are read with a blocking XREADGROUP on a connection of this receiver's own,
     * and {@code wake} runs (on a Lettuce thread) when a read brought entries or failed.
     *
     * @return {@link Long#MAX_VALUE}: the consumer may park until woken
     */
    @Override
    public long wakeOnArrival(Runnable wakeUp) {
        requireOpen();
        if (reader == null) {
            reader = transport.openReader();
        }
        this.wake = wakeUp;
        return Long.MAX_VALUE;
    }

    /** Hands out what the read-ahead brought (up to {@code max} entries), then sends the next read if none is out. */
    private void takeAhead(int max, List<Inbound> out, List<Unreadable> unreadable) {
        readCount = Math.max(1, max);
        StreamMessage<String, byte[]> message;
        while (out.size() < max && (message = fetched.poll()) != null) {
            read(message.getId(), 1, message.getBody(), out, unreadable);
        }
        RuntimeException failure = readFailure;
        if (failure != null) {
            readFailure = null;
            if (!groupMissing(failure)) {
                if (out.isEmpty()) {
                    throw failure;
                }
                LOG.warn("reading ahead on {} (group {}) failed, trying again: {}", stream, group, failure.toString());
            } else {
                recreateGroup(failure);
            }
        }
        readAhead();
    }

    /** Sends one blocking read unless one is out, the queue still holds entries, or the receiver closed. */
    private void readAhead() {
        if (closed || !fetched.isEmpty() || !reading.compareAndSet(false, true)) {
            return;
        }
        try {
            reader.commands().xreadgroup(Consumer.from(group, consumer),
                            XReadArgs.Builder.count(readCount).block(READ_BLOCK_MILLIS),
                            XReadArgs.StreamOffset.lastConsumed(stream))
                    .whenComplete(this::onRead);
        } catch (RuntimeException e) {
            reading.set(false);
            throw e;
        }
    }

    /** A read-ahead answered (a Lettuce thread): queue what it brought and wake the consumer, or read again. */
    private void onRead(List<StreamMessage<String, byte[]>> messages, Throwable failure) {
        if (closed) {
            reading.set(false);
            return;
        }
        if (failure != null) {
            readFailure = failure instanceof RuntimeException e ? e
                    : new RedisCommandExecutionException(failure.getMessage(), failure);
            reading.set(false);
            wake.run();
            return;
        }
        if (messages == null || messages.isEmpty()) {
            reading.set(false);
            readAhead(); // nothing in READ_BLOCK_MILLIS: ask again, without waking the consumer
            return;
        }
        fetched.addAll(messages);
        reading.set(false);
        wake.run();
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
        settleLastAck(false);
        if (epochKey == null) {
            lastAck = transport.scripts().start(StreamScripts.Name.ACK, ScriptOutputType.INTEGER, new String[] {stream},
                    args);
        } else {
            // fenced (a domain's stream on a cluster node): acknowledged before the next batch, so a refusal as
            // stale reaches this caller and the node re-checks its lease at once
            try {
                transport.scripts().run(StreamScripts.Name.ACK, ScriptOutputType.INTEGER,
                        new String[] {stream, epochKey}, args);
            } catch (RedisCommandExecutionException e) {
                refuseIfStale(e);
                if (!groupMissing(e)) {
                    throw e;
                }
                recreateGroup(e); // the entries to acknowledge went with the stream
            }
        }
        if (trim) {
            lastTrimNanos = now;
        }
    }

    /**
     * Looks at the last acknowledgement sent: waits for it if {@code await} (else only if it is answered), and logs
     * its failure; a missing group is created again (the entries to acknowledge went with the stream).
     */
    private void settleLastAck(boolean await) {
        CompletableFuture<Long> ack = lastAck;
        if (ack == null || !await && !ack.isDone()) {
            return;
        }
        lastAck = null;
        try {
            transport.scripts().await(ack);
        } catch (RuntimeException e) {
            if (groupMissing(e)) {
                recreateGroup(e);
            } else {
                LOG.warn("acknowledging entries of {} (group {}) failed; they will be delivered again: {}", stream,
                        group, e.toString());
            }
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

    /**
     * Entries handed out to this consumer and not acknowledged (claimed or read-ahead entries not yet polled are
     * not counted).
     */
    @Override
    public int pending() {
        requireOpen();
        settleLastAck(true);
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
        return (int) Math.max(0, (mine == null ? 0 : mine) - reclaimed.size() - fetched.size());
    }

    /**
     * Forgets the claimed and read-ahead entries not handed out (they stay pending in Redis for another member to
     * reclaim), waits up to a second for the last acknowledgement, and closes the read-ahead connection (a read
     * blocked in Redis is abandoned at once).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        reclaimed.clear();
        fetched.clear();
        CompletableFuture<Long> ack = lastAck;
        lastAck = null;
        if (ack != null && !transport.closed()) {
            try {
                ack.get(CLOSE_ACK_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                LOG.warn("the last acknowledgement on {} (group {}) was not answered: {}", stream, group,
                        e.toString());
            }
        }
        if (reader != null) {
            reader.close();
        }
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
