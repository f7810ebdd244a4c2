package dev.crystal.store.inbox;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Breaker;
import dev.crystal.runtime.BreakerOptions;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Guard;
import dev.crystal.runtime.MessageNames;
import dev.crystal.runtime.RateLimitOptions;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.RetryOptions;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerMetrics;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.store.Database;
import dev.crystal.store.UnitOfWork;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * Exactly-once effects for a worker whose state lives in a {@link Database}, over at-least-once delivery.
 *
 * <ul>
 *   <li><b>Unit of work per batch.</b> The first message of a batch opens a {@link UnitOfWork} on the database;
 *       the store calls of every handler join it, each message in a savepoint of its own (a failing message
 *       rolls back only its own writes and is retried or dead-lettered by the runtime);
 *       {@link #onBatchEnd} commits the batch at once (group commit).</li>
 *   <li><b>Inbox.</b> The id of every message whose handling changed something (a store write, an emission, a
 *       request or a timer) is inserted into the {@code inbox} table in that same transaction. A message whose
 *       id is already there is dropped unhandled: no writes, no emissions. A dropped duplicate <em>request</em>
 *       is answered with {@link ReplyFailure#REJECTED} naming the duplicate (its effects happened once, under
 *       the first copy, which got the real answer). Messages that only read (queries) leave no inbox row and
 *       are simply answered again.</li>
 *   <li><b>Outbox.</b> {@link WorkerContext#send} and {@link WorkerContext#publish} from the handler are not
 *       delivered at once but written to the {@code outbox} table in the same transaction, with stable message
 *       ids ({@code <inbound id>/<worker>/<n>} for the n-th emission of a message, a random id for emissions
 *       of callbacks and lifecycle methods). After the commit they are relayed in order with
 *       {@link WorkerRuntime#deliver} (a publish: to each of {@link WorkerRuntime#subscribersOf} on its own),
 *       which keeps those ids, and deleted with the next unit of work. An entry a receiver refuses (mailbox
 *       full) stays first in line and is offered again on a timer with back-off; a published event leaves the
 *       outbox only once every subscriber has taken it. Sequence numbers are allocated by the database in the
 *       commit's transaction, so two writers on one schema never collide on them. Whatever a crash left in the outbox is relayed again on
 *       {@link #onStart}; a receiver that has an inbox drops what it already handled.</li>
 *   <li><b>Replies</b> are held until the commit and released after the relay: a caller never sees an answer
 *       whose effects could still roll back. A request that arrives without a reply-to (redelivered, replayed)
 *       is handled all the same and its answer dropped. Requests ({@link WorkerContext#request}) and timers
 *       ({@link WorkerContext#schedule}) are not outboxed (a reply callback cannot be stored); their targets must
 *       be idempotent. Requests leave at once, or, with {@link #holdingRequests()}, only after the commit of the
 *       unit that made them (a request whose handling rolled back never leaves: no effect elsewhere without the
 *       sender's own state, at the cost of one commit before the request).</li>
 *   <li><b>Group commit on the whole loop turn.</b> Request callbacks (the answers to {@link WorkerContext#request})
 *       join the batch unit too, each in a savepoint of its own: the runtime ends every loop turn that ran
 *       callbacks with {@link #onBatchEnd} (with {@code count == 0} when no message was drained), so the callbacks
 *       and messages of one turn are committed together and their replies released after that one commit.</li>
 *   <li><b>Answers already durable elsewhere</b> ({@link ReplyHandle#succeedDurable}) are not held: a worker
 *       that answers with a fact another worker committed (the ledger's posting), and would derive again from it
 *       after a crash, does not put its own commit of that fact on the caller's path.</li>
 * </ul>
 *
 * <p>Thread ownership: every field belongs to the worker's thread (the runtime calls a worker on one thread at a
 * time); the wrapped worker and the database are used only from it.
 *
 * @param <T> the wrapped worker's message type
 */
public final class InboxWorker<T> implements Worker<T> {
    /** How long handled message ids are kept by default; a duplicate arriving later is handled again. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    /**
     * The Flyway location of the {@code inbox} and {@code outbox} tables: add it to the locations of every
     * database an {@code InboxWorker} writes to (SQLite or PostgreSQL; the SQL is portable).
     */
    public static final String MIGRATIONS = "classpath:db/inbox";
    /** First and longest wait before a paused relay (a receiver's mailbox full) is tried again without new input. */
    static final Duration RELAY_RETRY_MIN = Duration.ofMillis(10);
    static final Duration RELAY_RETRY_MAX = Duration.ofSeconds(1);

    private final Worker<T> inner;
    private final Database db;
    private final WorkerRuntime runtime;
    private final PayloadCodec codec;
    private final Duration retention;
    private final UnitContext unitContext = new UnitContext();

    /** The runtime's context of the current call. */
    private WorkerContext real;
    private UnitOfWork unit;
    /** Ids of the messages that changed something in the open unit, in handling order. */
    private final Set<String> unitInbox = new LinkedHashSet<>();
    private final List<OutboxEntry> unitOutbox = new ArrayList<>();
    private final List<HeldReply> unitReplies = new ArrayList<>();
    /** With {@link #holdRequests}: the open unit's requests, sent after its commit, dropped if it rolls back. */
    private final List<Runnable> unitRequests = new ArrayList<>();
    private final List<Runnable> stepRequests = new ArrayList<>();
    private final boolean holdRequests;
    /** Relayed entries whose rows the open unit deletes (given back if it rolls back). */
    private final List<OutboxEntry> unitDeletes = new ArrayList<>();

    private boolean inStep;
    private String stepMessageId;
    private int stepEmissions;
    private boolean stepSideEffects;
    private final List<OutboxEntry> stepOutbox = new ArrayList<>();
    private final List<HeldReply> stepReplies = new ArrayList<>();

    /** Committed entries not yet handed over, oldest first (with the sequence numbers the database gave them). */
    private final ArrayDeque<OutboxEntry> unrelayed = new ArrayDeque<>();
    /** Handed-over entries whose rows are still in the outbox. */
    private final List<OutboxEntry> relayed = new ArrayList<>();
    /**
     * For the published entry at the head of {@link #unrelayed} that some subscribers refused: the subscribers
     * that still have to take it (by message id). An entry leaves the outbox only once every subscriber has it.
     */
    private final Map<String, Set<String>> pendingSubscribers = new HashMap<>();
    /** Whether a timer will resume a paused relay; the current pause's back-off. */
    private boolean relayRetryScheduled;
    /** Whether the relay is paused (logged once per pause). */
    private boolean relayPaused;
    private Duration relayBackoff = RELAY_RETRY_MIN;

    /**
     * Wraps {@code inner}, whose store uses {@code db}; emissions are relayed through {@code runtime} and kept
     * as text written by {@code codec}; handled ids are kept for {@code retention}.
     */
    public InboxWorker(Worker<T> inner, Database db, WorkerRuntime runtime, PayloadCodec codec, Duration retention) {
        this(inner, db, runtime, codec, retention, false);
    }

    private InboxWorker(Worker<T> inner, Database db, WorkerRuntime runtime, PayloadCodec codec, Duration retention,
                        boolean holdRequests) {
        this.holdRequests = holdRequests;
        this.inner = Objects.requireNonNull(inner, "inner");
        this.db = Objects.requireNonNull(db, "db");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("inbox retention must be positive: " + retention);
        }
    }

    /** Wraps {@code inner} with the {@link #DEFAULT_RETENTION}. */
    public InboxWorker(Worker<T> inner, Database db, WorkerRuntime runtime, PayloadCodec codec) {
        this(inner, db, runtime, codec, DEFAULT_RETENTION);
    }

    /**
     * The same worker, but its requests ({@link WorkerContext#request}) leave only after the commit of the unit
     * that made them, like its replies: a crash or a rollback can no longer leave an effect of a request (a ledger
     * posting) without the sender's own state (the row that asked for it). Costs one commit before the request.
     */
    public InboxWorker<T> holdingRequests() {
        return new InboxWorker<>(inner, db, runtime, codec, retention, true);
    }

    /** The wrapped worker. */
    public Worker<T> inner() {
        return inner;
    }

    /** The database this worker's effects are committed to (e.g. to fence it for a single writer). */
    public Database database() {
        return db;
    }

    /**
     * Forgets a unit a crash left open, relays what the outbox still holds (a crash between commit and relay),
     * forgets handled ids older than the retention, then runs the wrapped worker's {@code onStart} in a unit.
     */
    @Override
    public void onStart(WorkerContext context) throws Exception {
        real = context;
        if (unit != null) {
            abandonUnit(new IllegalStateException("worker " + context.self() + " restarted"));
        }
        unrelayed.clear();
        relayed.clear();
        pendingSubscribers.clear();
        relayRetryScheduled = false;
        relayPaused = false;
        relayBackoff = RELAY_RETRY_MIN;
        List<OutboxEntry> left = db.read(c -> InboxTables.load(c, codec));
        long horizon = context.clock().millis() - retention.toMillis();
        int forgotten = db.inTransaction(c -> InboxTables.forgetHandledBefore(c, horizon));
        if (!left.isEmpty()) {
            context.log().info("relaying {} messages left in the outbox of {}", left.size(), context.self());
        }
        if (forgotten > 0) {
            context.log().debug("forgot {} inbox ids older than {}", forgotten, retention);
        }
        unrelayed.addAll(left);
        relay();
        runAlone(() -> inner.onStart(unitContext));
    }

    @Override
    public void onMessage(Envelope<T> envelope, WorkerContext context) throws Exception {
        real = context;
        openUnit();
        String id = envelope.messageId();
        if (unitInbox.contains(id) || db.read(c -> InboxTables.handled(c, id))) {
            dropDuplicate(envelope, context);
            return;
        }
        if (runStep(id, () -> inner.onMessage(envelope, unitContext))) {
            unitInbox.add(id);
        }
    }

    /** Runs the wrapped worker's {@code onBatchEnd} in the unit, commits the batch, relays, then releases replies. */
    @Override
    public void onBatchEnd(int count, WorkerContext context) throws Exception {
        real = context;
        openUnit();
        try {
            runStep(null, () -> inner.onBatchEnd(count, unitContext));
        } catch (Exception | Error e) {
            abandonUnit(e);
            throw e;
        }
        commitAndRelay();
    }

    /** Runs the wrapped worker's {@code onStop} in a unit, relays what it can and deletes the relayed rows. */
    @Override
    public void onStop(WorkerContext context) throws Exception {
        real = context;
        if (unit != null) {
            commitAndRelay();
        }
        runAlone(() -> inner.onStop(unitContext));
        if (!relayed.isEmpty()) {
            List<OutboxEntry> done = List.copyOf(relayed);
            db.inTransaction(c -> {
                InboxTables.delete(c, done);
                return null;
            });
            relayed.clear();
        }
        if (!unrelayed.isEmpty()) {
            context.log().info("{} messages stay in the outbox of {} until the next start", unrelayed.size(),
                    context.self());
        }
    }

    // ---- units and steps ----

    private void openUnit() {
        if (unit != null) {
            return;
        }
        unit = db.begin();
        if (!relayed.isEmpty()) {
            unitDeletes.addAll(relayed);
            relayed.clear();
            db.inTransaction(c -> {
                InboxTables.delete(c, unitDeletes);
                return null;
            });
        }
    }

    /** Runs {@code work} in a unit of its own, or in the open one (lifecycle methods). */
    private void runAlone(Action work) throws Exception {
        if (inStep) {
            work.run(); // already part of the current step
            return;
        }
        boolean opened = unit == null;
        openUnit();
        try {
            runStep(null, work);
        } catch (Exception | Error e) {
            if (opened) {
                abandonUnit(e);
            }
            throw e;
        }
        if (opened) {
            commitAndRelay();
        }
    }

    /**
     * Runs a reply callback in the open batch unit (opening it if none is open), in a savepoint of its own: it
     * commits with the rest of the loop turn in {@link #onBatchEnd} (the runtime ends a turn that ran callbacks with
     * one), so a reply costs no commit of its own. A callback that throws rolls back only its own writes.
     */
    private void runInBatch(Action work) throws Exception {
        if (inStep) {
            work.run(); // already part of the current step
            return;
        }
        openUnit();
        runStep(null, work);
    }

    /**
     * Runs one message's handling (or other worker code) in a savepoint; keeps its emissions and replies for the
     * unit if it returns, drops them if it throws. Returns whether it changed anything.
     */
    private boolean runStep(String messageId, Action work) throws Exception {
        inStep = true;
        stepMessageId = messageId;
        stepEmissions = 0;
        stepSideEffects = false;
        stepOutbox.clear();
        stepReplies.clear();
        long writesBefore = unit.writes();
        try {
            unit.step(() -> {
                work.run();
                return null;
            });
            boolean changed = stepSideEffects || !stepOutbox.isEmpty() || unit.writes() != writesBefore;
            unitOutbox.addAll(stepOutbox);
            unitReplies.addAll(stepReplies);
            unitRequests.addAll(stepRequests);
            return changed;
        } finally {
            inStep = false;
            stepMessageId = null;
            stepOutbox.clear();
            stepReplies.clear();
            stepRequests.clear();
        }
    }

    private void commitAndRelay() {
        List<HeldReply> replies;
        List<Runnable> requests;
        try {
            List<String> handled = List.copyOf(unitInbox);
            List<OutboxEntry> captured = List.copyOf(unitOutbox);
            List<OutboxEntry> emitted = List.of();
            if (!handled.isEmpty() || !captured.isEmpty()) {
                long now = real.clock().millis();
                emitted = db.inTransaction(c -> {
                    InboxTables.recordHandled(c, handled, now);
                    return InboxTables.insert(c, captured);
                });
            }
            unit.commit();
            unit = null;
            unrelayed.addAll(emitted);
            replies = List.copyOf(unitReplies);
            requests = List.copyOf(unitRequests);
            clearUnitState();
        } catch (RuntimeException | Error e) {
            abandonUnit(e);
            throw e;
        }
        relay();
        requests.forEach(Runnable::run);
        replies.forEach(HeldReply::release);
    }

    /** Rolls the open unit back; its held replies fail, its relayed-row deletions are kept for the next unit. */
    private void abandonUnit(Throwable cause) {
        UnitOfWork open = unit;
        unit = null;
        relayed.addAll(0, unitDeletes);
        List<HeldReply> replies = List.copyOf(unitReplies);
        clearUnitState();
        try {
            if (open != null) {
                open.close();
            }
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        } finally {
            replies.forEach(r -> r.failBecause(cause));
        }
    }

    private void clearUnitState() {
        unitInbox.clear();
        unitOutbox.clear();
        unitReplies.clear();
        unitRequests.clear();
        unitDeletes.clear();
    }

    /**
     * Hands the committed entries over in order; stops at one the runtime cannot take now (kept for later) and
     * then resumes on a timer with back-off (10 ms doubling to 1 s while nothing moves, back to 10 ms after any
     * progress) or after the next batch, whichever comes first.
     */
    private void relay() {
        boolean progressed = false;
        while (!unrelayed.isEmpty()) {
            OutboxEntry entry = unrelayed.peekFirst();
            if (!handOver(entry)) {
                if (progressed) {
                    relayBackoff = RELAY_RETRY_MIN; // the receiver is taking work: keep up with it
                }
                if (!relayPaused) {
                    relayPaused = true;
                    real.log().warn("outbox relay of {} paused at {} ({} waiting); it resumes when the receiver "
                            + "takes it", real.self(), entry.envelope().messageId(), unrelayed.size());
                }
                scheduleRelayRetry();
                return;
            }
            unrelayed.removeFirst();
            relayed.add(entry);
            progressed = true;
        }
        relayBackoff = RELAY_RETRY_MIN;
        if (relayPaused) {
            relayPaused = false;
            real.log().info("outbox relay of {} resumed and caught up", real.self());
        }
    }

    private void scheduleRelayRetry() {
        if (relayRetryScheduled) {
            return;
        }
        Duration delay = relayBackoff;
        relayBackoff = relayBackoff.multipliedBy(2).compareTo(RELAY_RETRY_MAX) > 0 ? RELAY_RETRY_MAX
                : relayBackoff.multipliedBy(2);
        real.runLater(delay, () -> {
            relayRetryScheduled = false;
            relay();
        });
        relayRetryScheduled = true;
    }

    /** Whether the runtime took {@code entry} (or can never take it, which is logged under the entry's correlation). */
    private boolean handOver(OutboxEntry entry) {
        boolean[] taken = new boolean[1];
        real.withCorrelation(entry.envelope().correlationId(), () -> taken[0] = tryHandOver(entry));
        return taken[0];
    }

    private boolean tryHandOver(OutboxEntry entry) {
        try {
            return switch (entry.kind()) {
                case SEND -> {
                    Delivery delivery = runtime.deliver(entry.envelope());
                    if (delivery == Delivery.NO_HANDLER) {
                        real.log().error("outbox of {}: no worker at {} for {} {}; dropped", real.self(),
                                entry.envelope().target(), entry.envelope().type(), entry.envelope().messageId());
                    }
                    yield delivery != Delivery.REJECTED && delivery != Delivery.SHUTTING_DOWN;
                }
                case PUBLISH -> handOverToEachSubscriber(entry.envelope());
            };
        } catch (RuntimeException e) {
            real.log().error("outbox of {}: {} {} cannot be delivered and is dropped", real.self(),
                    entry.envelope().type(), entry.envelope().messageId(), e);
            return true;
        }
    }

    /**
     * Offers a published event to each subscriber that does not have it yet; true once every subscriber has taken
     * it (a subscriber that refused, its mailbox full or the runtime stopping, is offered it again on the next
     * try; one without a worker any more is skipped).
     */
    private boolean handOverToEachSubscriber(Envelope<?> event) {
        Set<String> pending = pendingSubscribers.get(event.messageId());
        if (pending == null) {
            pending = new LinkedHashSet<>();
            for (Address<?> subscriber : runtime.subscribersOf(event.payload().getClass())) {
                pending.add(subscriber.name());
            }
        }
        for (var it = pending.iterator(); it.hasNext(); ) {
            String subscriber = it.next();
            Envelope<?> copy = new Envelope<>(event.messageId(), event.type(), event.correlationId(),
                    event.causationId(), event.source(), subscriber, event.timestamp(), event.payload());
            Delivery delivery = runtime.deliver(copy);
            if (delivery != Delivery.REJECTED && delivery != Delivery.SHUTTING_DOWN) {
                it.remove();
            }
        }
        if (pending.isEmpty()) {
            pendingSubscribers.remove(event.messageId());
            return true;
        }
        pendingSubscribers.put(event.messageId(), pending);
        return false;
    }

    private void dropDuplicate(Envelope<T> envelope, WorkerContext context) {
        context.log().info("dropping duplicate {} {}: already handled by {}", envelope.type(),
                envelope.messageId(), context.self());
        if (envelope.payload() instanceof Request<?> request && context.awaitsReply()) {
            context.replyHandle(request).fail(ReplyFailure.REJECTED, "duplicate of message " + envelope.messageId() + ", already handled by "
                    + context.self() + "; its effects are not repeated");
        }
    }

    private OutboxEntry capture(OutboxEntry.Kind kind, String target, Object payload) {
        int index = stepEmissions++;
        String id = stepMessageId != null ? stepMessageId + "/" + real.self() + "/" + index
                : real.self() + "/" + UUID.randomUUID();
        String correlation = real.correlationId() != null ? real.correlationId() : UUID.randomUUID().toString();
        Instant now = real.clock().instant();
        Envelope<Object> envelope = new Envelope<>(id, MessageNames.of(payload.getClass()), correlation,
                real.causationId(), real.self(), target, now, payload);
        OutboxEntry entry = new OutboxEntry(0, kind, envelope, codec.encode(payload)); // seq given on insert
        stepOutbox.add(entry);
        return entry;
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }

    /** A reply held until its unit commits. */
    private record HeldReply(ReplyHandle<?> handle, Runnable answer) {
        void release() {
            answer.run();
        }

        void failBecause(Throwable cause) {
            handle.fail(ReplyFailure.RECIPIENT_FAILURE, "the transaction of the answer rolled back: " + cause);
        }
    }

    /** A reply handle whose answers wait for the commit of the unit they are given in. */
    private final class HeldReplyHandle<R> implements ReplyHandle<R> {
        private final ReplyHandle<R> handle;

        HeldReplyHandle(ReplyHandle<R> handle) {
            this.handle = handle;
        }

        @Override
        public boolean succeed(R value) {
            if (!inStep) {
                return handle.succeed(value);
            }
            stepReplies.add(new HeldReply(handle, () -> handle.succeed(value)));
            return true;
        }

        /** Not held: the answer is durable where it comes from (the caller's contract), not in this unit. */
        @Override
        public boolean succeedDurable(R value) {
            return handle.succeedDurable(value);
        }

        @Override
        public boolean fail(ReplyFailure kind, String detail) {
            if (!inStep) {
                return handle.fail(kind, detail);
            }
            stepReplies.add(new HeldReply(handle, () -> handle.fail(kind, detail)));
            return true;
        }

        @Override
        public String correlationId() {
            return handle.correlationId();
        }
    }

    /** Where the answer to a request without a reply-to goes: nowhere (logged). */
    private final class DroppedReplyHandle<R> implements ReplyHandle<R> {
        private final Envelope<?> request;

        DroppedReplyHandle(Envelope<?> request) {
            this.request = request;
        }

        @Override
        public boolean succeed(R value) {
            real.log().debug("{} {} came without a reply-to; its answer is dropped", request.type(),
                    request.messageId());
            return false;
        }

        @Override
        public boolean fail(ReplyFailure kind, String detail) {
            real.log().debug("{} {} came without a reply-to; its failure {} is dropped", request.type(),
                    request.messageId(), kind);
            return false;
        }

        @Override
        public String correlationId() {
            return request.correlationId();
        }
    }

    /** The context the wrapped worker sees: emissions go to the outbox, replies are held, the rest passes through. */
    private final class UnitContext implements WorkerContext {
        @Override
        public String self() {
            return real.self();
        }

        @Override
        public <M> Delivery send(Address<? super M> to, M message) {
            if (!inStep) {
                return real.send(to, message);
            }
            if (!to.messageType().isInstance(message)) {
                throw new IllegalArgumentException(message.getClass().getName() + " is not a "
                        + to.messageType().getName() + " accepted by " + to.name());
            }
            capture(OutboxEntry.Kind.SEND, to.name(), message);
            return Delivery.ACCEPTED;
        }

        /** Outboxed: returns 1 (the event is stored and will reach every subscriber), not a subscriber count. */
        @Override
        public int publish(Object event) {
            if (!inStep) {
                return real.publish(event);
            }
            capture(OutboxEntry.Kind.PUBLISH, real.self(), event);
            return 1;
        }

        @Override
        public <R, M extends Request<R>> void request(Address<? super M> to, M message, Duration timeout,
                                                      Consumer<Reply<R>> onReply) {
            stepSideEffects = true;
            Consumer<Reply<R>> callback = reply -> {
                try {
                    runInBatch(() -> onReply.accept(reply));
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("reply callback of " + real.self() + " failed: " + e, e);
                }
            };
            if (holdRequests && inStep) {
                String correlationId = real.correlationId();
                stepRequests.add(() -> real.withCorrelation(correlationId,
                        () -> real.request(to, message, timeout, callback)));
            } else {
                real.request(to, message, timeout, callback);
            }
        }

        /**
         * The held reply handle of the current request. A request that came without a reply-to (handed over again
         * by a transport, an outbox relay or a dead-letter replay, its caller gone) is still handled: its answer is
         * dropped instead of failing the handler, whose effects are what counts.
         */
        @Override
        public <R> ReplyHandle<R> replyHandle(Request<R> request) {
            Envelope<?> current = real.current();
            if (current != null && current.payload() == request && !real.awaitsReply()) {
                return new DroppedReplyHandle<>(current);
            }
            return new HeldReplyHandle<>(real.replyHandle(request));
        }

        @Override
        public boolean awaitsReply() {
            return real.awaitsReply();
        }

        @Override
        public <M> void schedule(Duration delay, Address<? super M> to, M message) {
            stepSideEffects = true;
            real.schedule(delay, to, message);
        }

        @Override
        public void runLater(Duration delay, Runnable action) {
            stepSideEffects = true;
            real.runLater(delay, action);
        }

        @Override
        public String correlationId() {
            return real.correlationId();
        }

        @Override
        public String causationId() {
            return real.causationId();
        }

        @Override
        public void withCorrelation(String correlationId, Runnable work) {
            real.withCorrelation(correlationId, work);
        }

        @Override
        public Envelope<?> current() {
            return real.current();
        }

        @Override
        public InstantSource clock() {
            return real.clock();
        }

        @Override
        public Logger log() {
            return real.log();
        }

        @Override
        public WorkerMetrics metrics() {
            return real.metrics();
        }

        @Override
        public Breaker circuitBreaker(String name, BreakerOptions options) {
            return real.circuitBreaker(name, options);
        }

        @Override
        public Guard rateLimiter(String name, RateLimitOptions options) {
            return real.rateLimiter(name, options);
        }

        @Override
        public Guard retry(String name, RetryOptions options) {
            return real.retry(name, options);
        }
    }
}
