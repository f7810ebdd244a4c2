package dev.crystal.settlement.freeplay.worker;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.ReplyWaitlist;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.contracts.FreePlayMessage;
import dev.crystal.settlement.contracts.LedgerAccount;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.freeplay.application.ExpiryScheduler;
import dev.crystal.settlement.freeplay.application.FreePlayService;
import dev.crystal.settlement.freeplay.application.Redemption;
import dev.crystal.settlement.freeplay.domain.Bonus;
import dev.crystal.settlement.kernel.AskThrottle;
import dev.crystal.settlement.kernel.ViewChanges;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs the free-play domain: issues bonuses into the customer's bonus account, counts settled
 * stakes towards wagering, redeems bonus money to cash and forfeits expired bonuses, all through
 * idempotent ledger postings; each bonus's expiry is handed to a durable {@link ExpiryScheduler} (and
 * overdue bonuses are swept at start). Every change of a bonus's view (issued, credited, wagered, redeemed,
 * expiring, expired) is announced to {@link ViewChanges} before the answer.
 *
 * <p>Asks to the ledger are throttled per posting: at most one ask per posting in flight, at most
 * {@link #MAX_IN_FLIGHT} asks in flight in all, and a posting whose ask failed (timeout, ledger down) is asked again
 * only after an exponential back-off with jitter ({@link #RESUME_DELAY} doubling up to {@link #MAX_BACKOFF}, each
 * delay drawn between half and all of it). One {@code ResumeBonuses} timer covers every posting waiting for its
 * turn; a failure never re-asks the other postings (before: each failure re-asked every pending bonus, a storm that
 * grew with the backlog). State (callers waiting, the retry table, the random source) is owned by the worker thread.
 */
public final class FreePlayWorker implements Worker<FreePlayMessage> {
    public static final Duration LEDGER_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration RESUME_DELAY = Duration.ofSeconds(1);
    private static final Duration RECHECK_WITHIN = Duration.ofSeconds(5);
    /** The longest wait before a failed posting is asked again. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Asks to the ledger in flight at once; the rest wait for the next resume. */
    public static final int MAX_IN_FLIGHT = 64;

    /** Per-posting pacing of the asks to the ledger, and the one {@code ResumeBonuses} timer. */
    private final AskThrottle asks;

    private final FreePlayService service;
    private final ExpiryScheduler expiries;
    private final ViewChanges views;
    private final ReplyWaitlist<String, FreePlayMessage.BonusAnswer> waiting = new ReplyWaitlist<>();

    public FreePlayWorker(FreePlayService service, ExpiryScheduler expiries) {
        this(service, expiries, ViewChanges.NONE);
    }

    public FreePlayWorker(FreePlayService service, ExpiryScheduler expiries, ViewChanges views) {
        this(service, expiries, views, new SplittableRandom());
    }

    /** As above, drawing the back-off jitter from {@code random} (tests: a seeded one). */
    public FreePlayWorker(FreePlayService service, ExpiryScheduler expiries, ViewChanges views,
                          RandomGenerator random) {
        this.service = service;
        this.expiries = expiries;
        this.views = views;
        this.asks = new AskThrottle(RESUME_DELAY, MAX_BACKOFF, MAX_IN_FLIGHT, LEDGER_TIMEOUT, random);
    }

    private void changed(String transactionId, String cause) {
        views.changed(ViewChanges.View.BONUS, transactionId, cause);
    }

    @Override
    public void onStart(WorkerContext context) {
        resume(context);
        expire(context);
        registerExpiries(context);
    }

    /**
     * Hands every active bonus's expiry to the scheduler again (at start and on every takeover): the job store may
     * have lost them (a Redis job store restarted without persistence); the scheduler keeps one job per bonus, so
     * an expiry it still holds is not added twice.
     */
    private void registerExpiries(WorkerContext context) {
        Instant now = context.clock().instant();
        for (Bonus bonus : service.inState(Bonus.Status.ACTIVE)) {
            if (bonus.terms().expiresAt().isAfter(now)) {
                expiries.expireAt(bonus.id(), bonus.terms().expiresAt(), null);
            }
        }
    }

    @Override
    public void onMessage(Envelope<FreePlayMessage> envelope, WorkerContext context) {
        Instant now = context.clock().instant();
        switch (envelope.payload()) {
            case FreePlayMessage.SettlementReceived(SettlementProcessed settled) -> service.countWager(settled).forEach(id -> changed(id, "BONUS_WAGERED"));
            case FreePlayMessage.IssueBonus issue -> issue(issue, context, now);
            case FreePlayMessage.RedeemBonus redeem -> redeem(redeem, context, now);
            case FreePlayMessage.GetBonus get -> context.reply(get, service.view(get.transactionId()));
            case FreePlayMessage.ListBonuses list -> context.reply(list,
                    new FreePlayMessage.BonusList(list.customerId(), service.forCustomer(list.customerId())));
            case FreePlayMessage.ExpireDueBonuses tick -> expire(context);
            case FreePlayMessage.ResumeBonuses resume -> {
                asks.resumed(now);
                resume(context);
            }
        }
    }

    private void issue(FreePlayMessage.IssueBonus m, WorkerContext context, Instant now) {
        BonusIssued terms = new BonusIssued(m.transactionId(), m.customerId(), m.bonusType(), m.amount(),
                m.wageringRequirement(), m.expiresAt(), m.reference());
        switch (service.issue(terms, now)) {
            case FreePlayService.Issue.Answer answer -> context.reply(m, answer.answer());
            case FreePlayService.Issue.InProgress inProgress -> await(m.transactionId(), context.replyHandle(m));
            case FreePlayService.Issue.Begin begin -> {
                changed(m.transactionId(), "BONUS_ISSUED");
                await(m.transactionId(), context.replyHandle(m));
                credit(begin.bonus(), context);
            }
        }
    }

    private void credit(Bonus bonus, WorkerContext context) {
        var transfer = new BalanceCommand.PostTransfer("bonus:" + bonus.id(), "bonus " + bonus.id() + " ("
                + bonus.terms().bonusType() + ")", LedgerAccount.HOUSE, LedgerAccount.bonus(bonus.terms().customerId()),
                bonus.terms().amount());
        askLedger(transfer, context, posting -> service.recordCredit(bonus.id(), posting, context.clock().instant())
                .ifPresent(credited -> {
                    changed(bonus.id(), "BONUS_ISSUED");
                    credited.event().ifPresent(event -> {
                        context.publish(event);
                        expiries.expireAt(event.transactionId(), event.expiresAt(), context.correlationId());
                    });
                    answer(bonus.id(), credited.answer());
                }));
    }

    private void redeem(FreePlayMessage.RedeemBonus m, WorkerContext context, Instant now) {
        switch (service.redeem(m.transactionId(), m.redemptionId(), m.amount(), now)) {
            case FreePlayService.Redeem.Answer answer -> context.reply(m, answer.answer());
            case FreePlayService.Redeem.InProgress inProgress ->
                    await(inProgress.redemption().redemptionId(), context.replyHandle(m));
            case FreePlayService.Redeem.Begin begin -> {
                changed(m.transactionId(), "BONUS_REDEEMED");
                await(begin.redemption().redemptionId(), context.replyHandle(m));
                postRedemption(begin.redemption(), context);
            }
        }
    }

    private void postRedemption(Redemption r, WorkerContext context) {
        String customer = ((FreePlayMessage.BonusView) service.view(r.transactionId())).bonus().customerId();
        var transfer = new BalanceCommand.PostTransfer("redeem:" + r.redemptionId(), "redemption of bonus "
                + r.transactionId(), LedgerAccount.bonus(customer), LedgerAccount.cash(customer), r.amount());
        askLedger(transfer, context, posting -> {
            if (posting instanceof BalanceReply.Posted) {
                service.completeRedemption(r.redemptionId(), context.clock().instant()).ifPresent(view -> {
                    changed(r.transactionId(), "BONUS_REDEEMED");
                    context.publish(view.lastRedemption());
                    answer(r.redemptionId(), view);
                });
            } else {
                // e.g. the bonus account no longer holds the amount: drop it and answer, never leave it POSTING
                context.log().warn("ledger refused redemption {}: {}", r.redemptionId(), posting);
                service.refuseRedemption(r.redemptionId(), posting).ifPresent(refused -> {
                    changed(r.transactionId(), "BONUS_REDEEMED");
                    answer(r.redemptionId(), refused);
                });
            }
        });
    }

    private void expire(WorkerContext context) {
        Instant now = context.clock().instant();
        for (Bonus bonus : service.startExpiries(now)) {
            changed(bonus.id(), "BONUS_EXPIRED");
            forfeit(bonus, context);
        }
        // A job that fired a moment early must not leave a bonus active: look again shortly.
        service.nextExpiry().map(at -> Duration.between(now, at)).filter(d -> d.compareTo(RECHECK_WITHIN) < 0)
                .ifPresent(d -> context.schedule(d.isNegative() ? Duration.ZERO : d, Addresses.FREEPLAY,
                        new FreePlayMessage.ExpireDueBonuses()));
    }

    private void forfeit(Bonus bonus, WorkerContext context) {
        if (!bonus.remaining().isPositive()) {
            service.completeExpiry(bonus.id(), context.clock().instant()).ifPresent(expired -> {
                changed(bonus.id(), "BONUS_EXPIRED");
                context.publish(expired);
            });
            return;
        }
        String customer = bonus.terms().customerId();
        var transfer = new BalanceCommand.PostTransfer("forfeit:" + bonus.id(), "expiry of bonus " + bonus.id(),
                LedgerAccount.bonus(customer), LedgerAccount.HOUSE, bonus.remaining());
        askLedger(transfer, context, posting -> service.completeExpiry(bonus.id(), context.clock().instant())
                .ifPresent(expired -> {
                    changed(bonus.id(), "BONUS_EXPIRED");
                    context.publish(expired);
                }));
    }

    private void resume(WorkerContext context) {
        service.inState(Bonus.Status.ISSUING).forEach(b -> credit(b, context));
        service.postingRedemptions().forEach(r -> postRedemption(r, context));
        service.inState(Bonus.Status.EXPIRING).forEach(b -> forfeit(b, context));
    }

    private void askLedger(BalanceCommand.PostTransfer transfer, WorkerContext context,
                           Consumer<BalanceReply.Posting> onAnswer) {
        String postingId = transfer.postingId();
        switch (asks.turn(postingId, context.clock().instant())) {
            case IN_FLIGHT -> {
                return; // its answer is on the way: one ask per posting
            }
            case LATER -> {
                scheduleResume(context);
                return;
            }
            case ASK -> { }
        }
        context.request(Addresses.BALANCE, transfer, LEDGER_TIMEOUT, (Reply<BalanceReply.Posting> reply) -> {
            switch (reply) {
                case Reply.Success<BalanceReply.Posting> ok -> {
                    asks.answered(postingId);
                    onAnswer.accept(ok.value());
                }
                case Reply.Failure<BalanceReply.Posting> failure -> {
                    Duration wait = asks.failed(postingId, context.clock().instant());
                    context.log().warn("ledger did not answer {} ({}, failure {} in a row); asking again in {} ms",
                            postingId, failure.kind(), asks.failuresInARow(postingId), wait.toMillis());
                    scheduleResume(context);
                }
            }
        });
    }

    /** Schedules the one {@code ResumeBonuses} when a posting waits for its turn and no live timer covers it. */
    private void scheduleResume(WorkerContext context) {
        asks.resumeAt(context.clock().instant()).ifPresent(delay ->
                context.schedule(delay, Addresses.FREEPLAY, new FreePlayMessage.ResumeBonuses()));
    }

    private void await(String key, ReplyHandle<FreePlayMessage.BonusAnswer> handle) {
        waiting.await(key, handle);
    }

    private void answer(String key, FreePlayMessage.BonusAnswer answer) {
        waiting.answer(key, answer);
    }
}
