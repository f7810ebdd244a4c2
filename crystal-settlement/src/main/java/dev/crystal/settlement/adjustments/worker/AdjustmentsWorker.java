package dev.crystal.settlement.adjustments.worker;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.ReplyWaitlist;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.settlement.adjustments.application.AdjustmentsService;
import dev.crystal.settlement.adjustments.application.AdjustmentsService.Step;
import dev.crystal.settlement.adjustments.domain.Adjustment;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.AdjustmentsCommand;
import dev.crystal.settlement.contracts.AdjustmentsCommand.AdjustmentAnswer;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.LedgerAccount;
import dev.crystal.settlement.contracts.SecurityAlert;
import dev.crystal.settlement.kernel.AskThrottle;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Runs the adjustments domain: manual credits and debits, four-eyes approval above the limit, and
 * posting to the ledger with the adjustment as reference.
 *
 * <p>Asks to the ledger are throttled per adjustment ({@link AskThrottle}): at most one ask per adjustment in
 * flight, at most {@link #MAX_IN_FLIGHT} in all, and an adjustment whose ask failed (timeout, ledger down) is asked
 * again only after an exponential back-off with jitter ({@link #RESUME_DELAY} doubling up to {@link #MAX_BACKOFF}).
 * One {@code ResumeAdjustments} timer covers every adjustment waiting for its turn; a failure never re-asks the
 * others (before: each failure re-posted every adjustment still posting, one second later). State (callers
 * waiting, the throttle) is owned by the worker thread.
 */
public final class AdjustmentsWorker implements Worker<AdjustmentsCommand> {
    public static final Duration LEDGER_TIMEOUT = Duration.ofSeconds(5);
    /** The first back-off after a failed ask (drawn between half and all of it). */
    public static final Duration RESUME_DELAY = Duration.ofSeconds(1);
    /** The longest wait before a failed adjustment is asked again. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Asks to the ledger in flight at once; the rest wait for the next resume. */
    public static final int MAX_IN_FLIGHT = 64;

    private final AdjustmentsService service;
    private final ReplyWaitlist<String, AdjustmentAnswer> waiting = new ReplyWaitlist<>();
    private final AskThrottle asks;

    public AdjustmentsWorker(AdjustmentsService service) {
        this(service, new SplittableRandom());
    }

    /** As above, drawing the back-off jitter from {@code random} (tests: a seeded one). */
    public AdjustmentsWorker(AdjustmentsService service, RandomGenerator random) {
        this.service = service;
        this.asks = new AskThrottle(RESUME_DELAY, MAX_BACKOFF, MAX_IN_FLIGHT, LEDGER_TIMEOUT, random);
    }

    @Override
    public void onStart(WorkerContext context) {
        asks.clear(); // a takeover or restart: whatever was asked before is asked again below
        service.posting().forEach(a -> post(a, context));
    }

    @Override
    public void onMessage(Envelope<AdjustmentsCommand> envelope, WorkerContext context) {
        var now = context.clock().instant();
        switch (envelope.payload()) {
            case AdjustmentsCommand.RequestAdjustment r -> handle(r, service.request(r, now), context);
            case AdjustmentsCommand.ApproveAdjustment a ->
                    handle(a, service.approve(a.adjustmentId(), a.approvedBy(), now), context);
            case AdjustmentsCommand.RejectAdjustment r ->
                    handle(r, service.reject(r.adjustmentId(), r.rejectedBy(), r.reason(), now), context);
            case AdjustmentsCommand.GetAdjustment g -> context.reply(g, service.view(g.adjustmentId()));
            case AdjustmentsCommand.ResumeAdjustments resume -> {
                asks.resumed(now);
                service.posting().forEach(a -> post(a, context));
            }
        }
    }

    private void handle(Request<AdjustmentAnswer> request, Step step, WorkerContext context) {
        switch (step) {
            case Step.Answer answer -> context.reply(request, answer.answer());
            case Step.InProgress inProgress -> await(inProgress.adjustment(), context.replyHandle(request));
            case Step.Post post -> {
                await(post.adjustment(), context.replyHandle(request));
                post(post.adjustment(), context);
            }
            case Step.Alert alert -> {
                context.log().warn("security: {}", alert.refusal().detail());
                context.publish(new SecurityAlert("SEC_" + alert.adjustment().adjustmentId() + "_"
                        + context.clock().instant().toEpochMilli(), alert.adjustment().customerId(),
                        alert.refusal().code(), alert.refusal().detail(), context.clock().instant()));
                context.reply(request, alert.refusal());
            }
        }
    }

    private void await(Adjustment adjustment, ReplyHandle<AdjustmentAnswer> handle) {
        waiting.await(adjustment.adjustmentId(), handle);
    }

    private void post(Adjustment a, WorkerContext context) {
        String id = a.adjustmentId();
        switch (asks.turn(id, context.clock().instant())) {
            case IN_FLIGHT -> {
                return; // its answer is on the way: one ask per adjustment
            }
            case LATER -> {
                scheduleResume(context);
                return;
            }
            case ASK -> { }
        }
        LedgerAccount cash = LedgerAccount.cash(a.customerId());
        boolean credit = a.direction() == AdjustmentsCommand.Direction.CREDIT;
        var transfer = new BalanceCommand.PostTransfer("adjustment:" + a.adjustmentId(),
                "ADJ " + a.adjustmentId() + ": " + a.reason(), credit ? LedgerAccount.HOUSE : cash,
                credit ? cash : LedgerAccount.HOUSE, a.amount());
        context.request(Addresses.BALANCE, transfer, LEDGER_TIMEOUT, (Reply<BalanceReply.Posting> reply) -> {
            switch (reply) {
                case Reply.Success<BalanceReply.Posting> ok -> {
                    asks.answered(id);
                    service.recordPosting(id, ok.value(), context.clock().instant()).ifPresent(recorded -> {
                        recorded.event().ifPresent(context::publish);
                        waiting.answer(id, recorded.view());
                    });
                }
                case Reply.Failure<BalanceReply.Posting> failure -> {
                    Duration wait = asks.failed(id, context.clock().instant());
                    context.log().warn("ledger did not answer adjustment {} ({}, failure {} in a row); asking again "
                            + "in {} ms", id, failure.kind(), asks.failuresInARow(id), wait.toMillis());
                    scheduleResume(context);
                }
            }
        });
    }

    /** Schedules the one {@code ResumeAdjustments} when an adjustment waits for its turn and no live timer covers it. */
    private void scheduleResume(WorkerContext context) {
        asks.resumeAt(context.clock().instant()).ifPresent(delay ->
                context.schedule(delay, Addresses.ADJUSTMENTS, new AdjustmentsCommand.ResumeAdjustments()));
    }
}
