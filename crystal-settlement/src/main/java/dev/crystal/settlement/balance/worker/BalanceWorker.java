package dev.crystal.settlement.balance.worker;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.settlement.balance.application.BalanceService;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.kernel.ViewChanges;
import java.util.function.Consumer;

/**
 * Runs the balance domain: the single writer of the ledger. Every change of a customer's balance view (a posting's
 * BALANCE_UPDATED, a hold placed, released or captured) is announced to {@link ViewChanges} before the answer.
 * State is owned by the worker thread.
 */
public final class BalanceWorker implements Worker<BalanceCommand> {
    private final BalanceService service;
    private final ViewChanges views;

    public BalanceWorker(BalanceService service) {
        this(service, ViewChanges.NONE);
    }

    public BalanceWorker(BalanceService service, ViewChanges views) {
        this.service = service;
        this.views = views;
    }

    @Override
    public void onMessage(Envelope<BalanceCommand> envelope, WorkerContext context) {
        Consumer<BalanceUpdated> publish = event -> {
            views.changed(ViewChanges.View.BALANCE, event.customerId(), "BALANCE_UPDATED");
            context.publish(event);
        };
        switch (envelope.payload()) {
            case BalanceCommand.OpenAccount open -> {
                BalanceReply.Opening answer = service.openAccount(open.customerId(), open.openingBalance());
                if (answer instanceof BalanceReply.AccountOpened) {
                    views.changed(ViewChanges.View.BALANCE, open.customerId(), "ACCOUNT_OPENED");
                }
                context.reply(open, answer);
            }
            case BalanceCommand.PostSettlement post -> context.reply(post, service.postSettlement(
                    post.settlementId(), post.customerId(), post.type(), post.amount(), publish));
            case BalanceCommand.PostTransfer transfer -> context.reply(transfer, service.transfer(
                    transfer.postingId(), transfer.reference(), transfer.from(), transfer.to(), transfer.amount(),
                    publish));
            case BalanceCommand.PlaceHold hold -> context.reply(hold, holdChanged(hold.customerId(), "HOLD_PLACED",
                    service.placeHold(hold.holdId(), hold.customerId(), hold.amount(), hold.reason())));
            case BalanceCommand.ReleaseHold release -> context.reply(release, holdChanged(release.customerId(),
                    "HOLD_RELEASED", service.releaseHold(release.holdId(), release.customerId())));
            case BalanceCommand.CaptureHold capture -> context.reply(capture, holdChanged(capture.customerId(),
                    "HOLD_CAPTURED", service.captureHold(capture.holdId(), capture.customerId(), publish)));
            case BalanceCommand.GetActiveCustomers get ->
                    context.reply(get, new BalanceReply.ActiveCustomers(service.mostRecentlyActive(get.limit())));
            case BalanceCommand.GetSettlementPostings get ->
                    context.reply(get, service.settlementPostings(get.beforeCursor(), get.limit()));
            case BalanceCommand.GetBalance get -> context.reply(get, service.balanceOf(get.customerId()));
            case BalanceCommand.GetAccountBalance get -> context.reply(get, service.accountBalance(get.account()));
            case BalanceCommand.GetLedger get -> context.reply(get,
                    service.ledger(get.customerId(), get.account(), get.beforeCursor(), get.limit()));
        }
    }

    private BalanceReply.HoldAnswer holdChanged(String customerId, String cause, BalanceReply.HoldAnswer answer) {
        if (answer instanceof BalanceReply.HoldView) {
            views.changed(ViewChanges.View.BALANCE, customerId, cause);
        }
        return answer;
    }
}
