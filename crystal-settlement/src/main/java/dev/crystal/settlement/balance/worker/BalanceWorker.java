package dev.crystal.settlement.balance.worker;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.settlement.balance.application.BalanceService;
import dev.crystal.settlement.contracts.BalanceCommand;

/** Runs the balance domain: the single writer of the ledger. State is owned by the worker thread. */
public final class BalanceWorker implements Worker<BalanceCommand> {
    private final BalanceService service;

    public BalanceWorker(BalanceService service) {
        this.service = service;
    }

    @Override
    public void onMessage(Envelope<BalanceCommand> envelope, WorkerContext context) {
        switch (envelope.payload()) {
            case BalanceCommand.OpenAccount open ->
                    context.reply(open, service.openAccount(open.customerId(), open.openingBalance()));
            case BalanceCommand.PostSettlement post -> context.reply(post, service.postSettlement(
                    post.settlementId(), post.customerId(), post.type(), post.amount(), context::publish));
            case BalanceCommand.PostTransfer transfer -> context.reply(transfer, service.transfer(
                    transfer.postingId(), transfer.reference(), transfer.from(), transfer.to(), transfer.amount(),
                    context::publish));
            case BalanceCommand.PlaceHold hold -> context.reply(hold,
                    service.placeHold(hold.holdId(), hold.customerId(), hold.amount(), hold.reason()));
            case BalanceCommand.ReleaseHold release ->
                    context.reply(release, service.releaseHold(release.holdId(), release.customerId()));
            case BalanceCommand.CaptureHold capture -> context.reply(capture,
                    service.captureHold(capture.holdId(), capture.customerId(), context::publish));
            case BalanceCommand.GetBalance get -> context.reply(get, service.balanceOf(get.customerId()));
            case BalanceCommand.GetAccountBalance get -> context.reply(get, service.accountBalance(get.account()));
            case BalanceCommand.GetLedger get -> context.reply(get,
                    service.ledger(get.customerId(), get.account(), get.beforeCursor(), get.limit()));
        }
    }
}
