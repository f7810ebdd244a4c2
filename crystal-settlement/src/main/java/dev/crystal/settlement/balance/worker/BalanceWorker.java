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
            case BalanceCommand.GetBalance get -> context.reply(get, service.balanceOf(get.customerId()));
        }
    }
}
