package dev.crystal.settlement.collections.worker;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.ReplyWaitlist;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.settlement.collections.application.Admission;
import dev.crystal.settlement.collections.application.CollectionsService;
import dev.crystal.settlement.collections.application.RetryScheduler;
import dev.crystal.settlement.collections.domain.Settlement;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.SettlementFailed;
import dev.crystal.settlement.contracts.SettlementLookup;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementRequest;
import dev.crystal.settlement.contracts.SettlementUpdate;
import dev.crystal.settlement.kernel.AskThrottle;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Runs the collections domain: admits settlements, asks balance to post them, records the answer,
 * retries failed collections on schedule and publishes SETTLEMENT_UPDATE / SETTLEMENT_PROCESSED /
 * SETTLEMENT_FAILED. Retries are handed to a durable {@link RetryScheduler}. State (the callers
 * waiting per settlement) is owned by the worker thread; the ledger's answers arrive on the same thread.
 */
public final class CollectionsWorker implements Worker<CollectionsCommand> {
    /** How long to wait for the ledger before trying the same (idempotent) posting again. */
    public static final Duration LEDGER_TIMEOUT = Duration.ofSeconds(5);
    /** The first wait before a settlement whose ledger ask failed is asked again; doubled per failure in a row. */
    public static final Duration RESUME_DELAY = Duration.ofSeconds(1);
    /** The longest wait before a failed settlement is asked again. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Ledger asks in flight at once (the ledger's mailbox holds no more); the rest wait for the next resume. */
    public static final int MAX_IN_FLIGHT = 1_000;
    /** How often collections looks for pending settlements nobody is finishing (e.g. a killed node's). */
    public static final Duration SWEEP_INTERVAL = Duration.ofSeconds(5);
    /**
     * How many of the ledger's newest settlement postings the orphan scan at start (and takeover) reads: more than
     * the requests a lost batch, the ledger's mailbox or its stream can hold, which bound where an orphan can be.
     */
    public static final int ORPHAN_SCAN_DEPTH = 10_000;
    /** Postings per page of the orphan scan. */
    static final int ORPHAN_SCAN_PAGE = 500;

    private final CollectionsService service;
    private final RetryScheduler retries;
    private final ReplyWaitlist<String, SettlementOutcome> waiting = new ReplyWaitlist<>();
    /**
     * Per-settlement pacing of the ledger asks (one in flight per settlement, {@link #MAX_IN_FLIGHT} in all, back-off
     * with jitter after a failure) and the one resume timer ({@code ResumePending}).
     */
    private final AskThrottle asks;
    /** When the last sweep ran here (clock millis), to fold extra sweep chains into one. */
    private long lastSweepMillis = Long.MIN_VALUE;
    /** Counts orphan scans started here: the pages of an earlier scan (before a takeover) stop when they see a newer. */
    private int orphanScan;

    public CollectionsWorker(CollectionsService service, RetryScheduler retries) {
        this(service, retries, new SplittableRandom());
    }

    /** As above, drawing the back-off jitter from {@code random} (tests: a seeded one). */
    public CollectionsWorker(CollectionsService service, RetryScheduler retries, RandomGenerator random) {
        this.service = service;
        this.retries = retries;
        this.asks = new AskThrottle(RESUME_DELAY, MAX_BACKOFF, MAX_IN_FLIGHT, LEDGER_TIMEOUT, random);
    }

    @Override
    public void onStart(WorkerContext context) {
        asks.clear(); // a takeover: whatever was asked under an earlier lease is asked again below
        lastSweepMillis = context.clock().millis();
        List<Settlement> pending = service.pending();
        if (!pending.isEmpty()) {
            context.log().info("resuming {} pending settlements", pending.size());
        }
        pending.forEach(s -> askLedgerFor(s, context));
        service.awaitingRetry().forEach(s -> scheduleRetry(s, context));
        context.schedule(SWEEP_INTERVAL, Addresses.COLLECTIONS, new CollectionsCommand.ResumePending());
        scanForOrphans(++orphanScan, 0, 0, context);
    }

    /**
     * Reads the ledger's newest settlement postings, page by page up to {@link #ORPHAN_SCAN_DEPTH}, and records each
     * one whose settlement has no row here as COMPLETED (a crash lost the row after the request to the ledger left:
     * the two commits overlap). A page the ledger does not answer is asked again after {@link #RESUME_DELAY}.
     */
    private void scanForOrphans(int scan, long beforeCursor, int seen, WorkerContext context) {
        if (scan != orphanScan) {
            return;
        }
        context.request(Addresses.BALANCE, new BalanceCommand.GetSettlementPostings(beforeCursor, ORPHAN_SCAN_PAGE),
                LEDGER_TIMEOUT, (Reply<BalanceReply.SettlementPostings> reply) -> {
                    switch (reply) {
                        case Reply.Success<BalanceReply.SettlementPostings> page -> {
                            recordOrphans(page.value(), context);
                            int read = seen + page.value().postings().size();
                            if (page.value().nextCursor() != null && read < ORPHAN_SCAN_DEPTH) {
                                scanForOrphans(scan, page.value().nextCursor(), read, context);
                            }
                        }
                        case Reply.Failure<BalanceReply.SettlementPostings> failure -> {
                            context.log().warn("ledger did not answer the orphan scan ({}: {}); asking again in {}",
                                    failure.kind(), failure.detail(), RESUME_DELAY);
                            context.runLater(RESUME_DELAY, () -> scanForOrphans(scan, beforeCursor, seen, context));
                        }
                    }
                });
    }

    private void recordOrphans(BalanceReply.SettlementPostings page, WorkerContext context) {
        List<Settlement> recovered = service.recoverOrphans(page.postings(), context.clock().instant());
        for (Settlement s : recovered) {
            context.withCorrelation(s.correlationId(), () -> {
                context.log().warn("settlement {} was posted by the ledger but its row was lost (a crash before it"
                        + " committed): recorded COMPLETED from the posting", s.id());
                SettlementRequest request = s.request();
                publishUpdate(s, context);
                context.publish(new SettlementProcessed(s.id(), request.customerId(), request.type(),
                        request.amount(), request.stake(), request.paymentMethod(), s.updatedAt(),
                        s.confirmationNumber(), s.balanceAfter()));
                waiting.answer(s.id(), s.outcome());
            });
        }
    }

    @Override
    public void onMessage(Envelope<CollectionsCommand> envelope, WorkerContext context) {
        switch (envelope.payload()) {
            case CollectionsCommand.ProcessSettlement process -> admit(process, context);
            case CollectionsCommand.GetSettlement get -> context.reply(get, service.find(get.settlementId())
                    .<SettlementLookup>map(s -> new SettlementLookup.Found(s.view()))
                    .orElseGet(() -> new SettlementLookup.NotFound(get.settlementId())));
            case CollectionsCommand.ResumeSettlement resume -> service.find(resume.settlementId())
                    .filter(s -> !s.hasOutcome())
                    .ifPresent(s -> askLedgerFor(s, context));
            case CollectionsCommand.ResumePending sweep -> {
                // Pending settlements not in flight here: admitted by a node that died or an earlier run, or waiting
                // for their turn after a failed ask (the throttle asks only those whose back-off is over).
                asks.resumed(context.clock().instant());
                service.pending().forEach(s -> askLedgerFor(s, context));
                // Each takeover (onStart) starts a sweep chain, and a previous holder's timer may still fire into
                // the stream: a sweep that comes less than half an interval after the last one ends its chain.
                long now = context.clock().millis();
                if (lastSweepMillis == Long.MIN_VALUE || now - lastSweepMillis >= SWEEP_INTERVAL.toMillis() / 2) {
                    lastSweepMillis = now;
                    context.schedule(SWEEP_INTERVAL, Addresses.COLLECTIONS, new CollectionsCommand.ResumePending());
                }
            }
            case CollectionsCommand.RetrySettlement retry -> service
                    .startRetry(retry.settlementId(), context.clock().instant())
                    .ifPresent(s -> context.withCorrelation(s.correlationId(), () -> {
                        context.log().info("retrying settlement {} (retry {})", s.id(), s.retryCount());
                        publishUpdate(s, context);
                        askLedger(s.request(), context);
                    }));
        }
    }

    private void admit(CollectionsCommand.ProcessSettlement process, WorkerContext context) {
        Admission admission = service.admit(process.request(), context.correlationId(), context.clock().instant());
        switch (admission) {
            case Admission.Accepted accepted -> {
                await(accepted.settlement().id(), context.replyHandle(process));
                publishUpdate(accepted.settlement(), context);
                askLedger(accepted.settlement().request(), context);
            }
            case Admission.InProgress inProgress -> {
                await(inProgress.settlement().id(), context.replyHandle(process));
                // Admitted elsewhere (a node that died) or before a restart: the posting is idempotent, and the
                // throttle does not ask again while an ask is in flight or backing off.
                askLedger(inProgress.settlement().request(), context);
            }
            case Admission.AlreadyDone done -> context.reply(process, done.outcome());
            case Admission.Conflicting conflicting -> context.reply(process, conflicting.conflict());
        }
    }

    private void await(String settlementId, ReplyHandle<SettlementOutcome> handle) {
        waiting.await(settlementId, handle);
    }

    /** Asks the ledger on behalf of {@code settlement}'s own operation (its correlation id), whatever woke us. */
    private void askLedgerFor(Settlement settlement, WorkerContext context) {
        context.withCorrelation(settlement.correlationId(), () -> askLedger(settlement.request(), context));
    }

    private void askLedger(SettlementRequest request, WorkerContext context) {
        switch (asks.turn(request.settlementId(), context.clock().instant())) {
            case IN_FLIGHT -> {
                return;
            }
            case LATER -> {
                scheduleResume(context);
                return;
            }
            case ASK -> { }
        }
        var post = new BalanceCommand.PostSettlement(request.settlementId(), request.customerId(), request.type(),
                request.amount());
        context.request(Addresses.BALANCE, post, LEDGER_TIMEOUT,
                (Reply<BalanceReply.Posting> reply) -> onLedgerReply(request, reply, context));
    }

    private void onLedgerReply(SettlementRequest request, Reply<BalanceReply.Posting> reply, WorkerContext context) {
        switch (reply) {
            case Reply.Success<BalanceReply.Posting> success -> {
                asks.answered(request.settlementId());
                service.recordLedgerAnswer(request.settlementId(), success.value(), context.clock().instant())
                        .ifPresent(recorded -> finish(request, recorded, context));
            }
            case Reply.Failure<BalanceReply.Posting> failure -> {
                // The posting is idempotent by settlement id, so asking again is always safe: after a back-off.
                Duration wait = asks.failed(request.settlementId(), context.clock().instant());
                context.log().warn("ledger did not answer for settlement {} ({}: {}, failure {} in a row); asking "
                        + "again in {} ms", request.settlementId(), failure.kind(), failure.detail(),
                        asks.failuresInARow(request.settlementId()), wait.toMillis());
                scheduleResume(context);
            }
        }
    }

    /** Schedules the one resume sweep when a settlement waits for its turn and no live timer covers it. */
    private void scheduleResume(WorkerContext context) {
        asks.resumeAt(context.clock().instant()).ifPresent(delay ->
                context.schedule(delay, Addresses.COLLECTIONS, new CollectionsCommand.ResumePending()));
    }

    private void finish(SettlementRequest request, CollectionsService.Recorded recorded, WorkerContext context) {
        recorded.settlement().ifPresent(s -> publishUpdate(s, context));
        switch (recorded.outcome()) {
            case SettlementOutcome.Completed done -> context.publish(new SettlementProcessed(done.settlementId(),
                    done.customerId(), request.type(), request.amount(), request.stake(), request.paymentMethod(),
                    done.processedAt(), done.confirmationNumber(), done.balance()));
            case SettlementOutcome.Failed failed -> {
                context.publish(new SettlementFailed(failed.settlementId(), failed.customerId(), failed.error(),
                        failed.retryCount(), failed.nextRetryAt(), failed.errorDetails()));
                recorded.settlement().ifPresent(s -> scheduleRetry(s, context));
            }
            case SettlementOutcome.Conflict conflict -> { }
            case SettlementOutcome.CustomerNotFound notFound -> { }
        }
        if (recorded.outcome() instanceof SettlementOutcome.Completed) {
            // Answered before this turn commits the outcome: everything it reports is durable already. The posting
            // was committed by the ledger before it replied, and the PENDING row that asked for it was committed by
            // an earlier loop turn (a reply callback never runs in the turn that made the request; a row whose
            // commit failed is not found, so nothing is answered). A crash before this turn's commit leaves the row
            // PENDING: the restart re-asks the ledger, which answers with the same posting, and the outcome derived
            // from it is the one answered here. Refusals stay held: nothing durable records them before this commit.
            waiting.answerDurable(request.settlementId(), recorded.outcome());
        } else {
            waiting.answer(request.settlementId(), recorded.outcome());
        }
    }

    private void scheduleRetry(Settlement settlement, WorkerContext context) {
        if (settlement.nextRetryAt() != null) {
            retries.retryAt(settlement.id(), settlement.retryCount(), settlement.nextRetryAt(),
                    settlement.correlationId());
        }
    }

    private static void publishUpdate(Settlement s, WorkerContext context) {
        context.publish(new SettlementUpdate(s.id(), s.request().customerId(), s.request().amount(), s.status(),
                s.updatedAt(), s.retryCount()));
    }
}
