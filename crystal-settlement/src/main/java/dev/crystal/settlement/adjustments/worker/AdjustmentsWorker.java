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
import java.time.Duration;

/**
 * Runs the adjustments domain: manual credits and debits, four-eyes approval above the limit, and
 * posting to the ledger with the adjustment as reference. State (callers waiting) is owned by the
 * worker thread.
 */
public final class AdjustmentsWorker implements Worker<AdjustmentsCommand> {
    public static final Duration LEDGER_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration RESUME_DELAY = Duration.ofSeconds(1);

    private final AdjustmentsService service;
    private final ReplyWaitlist<String, AdjustmentAnswer> waiting = new ReplyWaitlist<>();

    public AdjustmentsWorker(AdjustmentsService service) {
        this.service = service;
    }

    @Override
    public void onStart(WorkerContext context) {
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
            case AdjustmentsCommand.ResumeAdjustments resume -> service.posting().forEach(a -> post(a, context));
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
        LedgerAccount cash = LedgerAccount.cash(a.customerId());
        boolean credit = a.direction() == AdjustmentsCommand.Direction.CREDIT;
        var transfer = new BalanceCommand.PostTransfer("adjustment:" + a.adjustmentId(),
                "ADJ " + a.adjustmentId() + ": " + a.reason(), credit ? LedgerAccount.HOUSE : cash,
                credit ? cash : LedgerAccount.HOUSE, a.amount());
        context.request(Addresses.BALANCE, transfer, LEDGER_TIMEOUT, (Reply<BalanceReply.Posting> reply) -> {
            switch (reply) {
                case Reply.Success<BalanceReply.Posting> ok -> service
                        .recordPosting(a.adjustmentId(), ok.value(), context.clock().instant())
                        .ifPresent(recorded -> {
                            recorded.event().ifPresent(context::publish);
                            waiting.answer(a.adjustmentId(), recorded.view());
                        });
                case Reply.Failure<BalanceReply.Posting> failure -> {
                    context.log().warn("ledger did not answer adjustment {} ({}); resuming in {}", a.adjustmentId(),
                            failure.kind(), RESUME_DELAY);
                    context.schedule(RESUME_DELAY, Addresses.ADJUSTMENTS, new AdjustmentsCommand.ResumeAdjustments());
                }
            }
        });
    }
}
