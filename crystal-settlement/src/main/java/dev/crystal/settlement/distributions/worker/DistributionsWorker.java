package dev.crystal.settlement.distributions.worker;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.ReplyWaitlist;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.DistributionsMessage;
import dev.crystal.settlement.contracts.LedgerAccount;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.distributions.application.DistributionsService;
import dev.crystal.settlement.distributions.application.DistributionsService.PayoutStart;
import dev.crystal.settlement.distributions.domain.Affiliate;
import dev.crystal.settlement.distributions.domain.Statement;
import dev.crystal.settlement.kernel.AskThrottle;
import dev.crystal.settlement.kernel.ViewChanges;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Runs the distributions domain: accrues affiliate revenue from SETTLEMENT_PROCESSED (publishing
 * COMMISSION_CALCULATED), calculates statements and pays them through the ledger
 * (DISTRIBUTION_PROCESSED). Every change of an affiliate's view (registered, customer linked, commission
 * calculated, payout started or finished) is announced to {@link ViewChanges} before the answer.
 *
 * <p>Asks to the ledger are throttled per payout ({@link AskThrottle}): at most one ask per payout in flight, at most
 * {@link #MAX_IN_FLIGHT} in all, and a payout whose ask failed (timeout, ledger down, not confirmed) is asked again
 * only after an exponential back-off with jitter ({@link #RESUME_DELAY} doubling up to {@link #MAX_BACKOFF}). One
 * {@code ResumePayouts} timer covers every payout waiting for its turn; a failure never re-asks the others (before:
 * each failure re-asked every payout still paying, one second later). State (callers waiting for a payout, the
 * throttle) is owned by the worker thread.
 */
public final class DistributionsWorker implements Worker<DistributionsMessage> {
    public static final Duration LEDGER_TIMEOUT = Duration.ofSeconds(5);
    /** The first back-off after a failed ask (drawn between half and all of it). */
    public static final Duration RESUME_DELAY = Duration.ofSeconds(1);
    /** The longest wait before a failed payout is asked again. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Asks to the ledger in flight at once; the rest wait for the next resume. */
    public static final int MAX_IN_FLIGHT = 64;

    private final DistributionsService service;
    private final ViewChanges views;
    private final ReplyWaitlist<String, DistributionsMessage.PayoutAnswer> waiting = new ReplyWaitlist<>();
    private final AskThrottle asks;

    public DistributionsWorker(DistributionsService service) {
        this(service, ViewChanges.NONE);
    }

    public DistributionsWorker(DistributionsService service, ViewChanges views) {
        this(service, views, new SplittableRandom());
    }

    /** As above, drawing the back-off jitter from {@code random} (tests: a seeded one). */
    public DistributionsWorker(DistributionsService service, ViewChanges views, RandomGenerator random) {
        this.service = service;
        this.views = views;
        this.asks = new AskThrottle(RESUME_DELAY, MAX_BACKOFF, MAX_IN_FLIGHT, LEDGER_TIMEOUT, random);
    }

    @Override
    public void onStart(WorkerContext context) {
        asks.clear(); // a takeover or restart: whatever was asked before is asked again below
        service.paying().forEach(s -> askLedger(s, context));
    }

    @Override
    public void onMessage(Envelope<DistributionsMessage> envelope, WorkerContext context) {
        var now = context.clock().instant();
        switch (envelope.payload()) {
            case DistributionsMessage.SettlementReceived(SettlementProcessed processed) ->
                    service.accrue(processed).ifPresent(commission -> {
                changed(commission.recipientId(), "COMMISSION_CALCULATED");
                context.publish(commission);
            });
            case DistributionsMessage.RegisterAffiliate r -> context.reply(r, updated(r.affiliateId(),
                    service.register(new Affiliate(r.affiliateId(), r.commissionRate(), r.performanceBonusThreshold(),
                            r.performanceBonusRate(), r.paymentMethod() == null ? Affiliate.DEFAULT_PAYMENT_METHOD
                                    : r.paymentMethod()), now)));
            case DistributionsMessage.LinkCustomer link -> context.reply(link,
                    updated(link.affiliateId(), service.link(link.affiliateId(), link.customerId(), now)));
            case DistributionsMessage.GetAffiliate get -> context.reply(get, service.view(get.affiliateId()));
            case DistributionsMessage.CalculateCommission calc -> {
                var answer = service.calculate(calc.affiliateId(), calc.period());
                if (answer instanceof DistributionsMessage.Calculated calculated) {
                    calculated.commissions().forEach(commission -> {
                        changed(commission.recipientId(), "COMMISSION_CALCULATED");
                        context.publish(commission);
                    });
                }
                context.reply(calc, answer);
            }
            case DistributionsMessage.PayCommission pay -> pay(pay, context);
            case DistributionsMessage.ResumePayouts resume -> {
                asks.resumed(now);
                service.paying().forEach(s -> askLedger(s, context));
            }
        }
    }

    private void changed(String affiliateId, String cause) {
        views.changed(ViewChanges.View.AFFILIATE, affiliateId, cause);
    }

    private DistributionsMessage.AffiliateAnswer updated(String affiliateId, DistributionsMessage.AffiliateAnswer answer) {
        if (answer instanceof DistributionsMessage.AffiliateView) {
            changed(affiliateId, "AFFILIATE_UPDATED");
        }
        return answer;
    }

    private void pay(DistributionsMessage.PayCommission pay, WorkerContext context) {
        // Starting a payout may calculate the statement and marks it paying: the affiliate's view changes.
        changed(pay.affiliateId(), "PAYOUT_STARTED");
        switch (service.startPayout(pay.affiliateId(), pay.period(), context.clock().instant())) {
            case PayoutStart.AlreadyPaid paid -> context.reply(pay, new DistributionsMessage.Paid(paid.distribution()));
            case PayoutStart.Refused refused -> context.reply(pay, refused.answer());
            case PayoutStart.InProgress inProgress -> await(inProgress.statement(), context.replyHandle(pay));
            case PayoutStart.Begin begin -> {
                await(begin.statement(), context.replyHandle(pay));
                askLedger(begin.statement(), context);
            }
        }
    }

    private void await(Statement statement, ReplyHandle<DistributionsMessage.PayoutAnswer> handle) {
        waiting.await(statement.distributionId(), handle);
    }

    private void askLedger(Statement statement, WorkerContext context) {
        String id = statement.distributionId();
        switch (asks.turn(id, context.clock().instant())) {
            case IN_FLIGHT -> {
                return; // its answer is on the way: one ask per payout
            }
            case LATER -> {
                scheduleResume(context);
                return;
            }
            case ASK -> { }
        }
        var c = statement.commission();
        var transfer = new BalanceCommand.PostTransfer("distribution:" + statement.distributionId(),
                "commission " + c.recipientId() + " " + c.period() + " (" + statement.transactionId() + ")",
                LedgerAccount.HOUSE, LedgerAccount.affiliate(c.recipientId()), c.totalAmount());
        context.request(Addresses.BALANCE, transfer, LEDGER_TIMEOUT, (Reply<BalanceReply.Posting> reply) -> {
            if (reply instanceof Reply.Success<BalanceReply.Posting> ok && ok.value() instanceof BalanceReply.Posted) {
                asks.answered(id);
                service.finishPayout(c.recipientId(), c.period(), context.clock().instant()).ifPresent(done -> {
                    changed(c.recipientId(), "DISTRIBUTION_PROCESSED");
                    context.publish(done);
                    waiting.answer(statement.distributionId(), new DistributionsMessage.Paid(done));
                });
            } else {
                Duration wait = asks.failed(id, context.clock().instant());
                context.log().warn("ledger did not confirm payout {}: {} (failure {} in a row); asking again in {} ms",
                        id, reply, asks.failuresInARow(id), wait.toMillis());
                scheduleResume(context);
            }
        });
    }

    /** Schedules the one {@code ResumePayouts} when a payout waits for its turn and no live timer covers it. */
    private void scheduleResume(WorkerContext context) {
        asks.resumeAt(context.clock().instant()).ifPresent(delay ->
                context.schedule(delay, Addresses.DISTRIBUTIONS, new DistributionsMessage.ResumePayouts()));
    }
}
