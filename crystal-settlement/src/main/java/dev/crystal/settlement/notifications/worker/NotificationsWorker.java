package dev.crystal.settlement.notifications.worker;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.NotificationsMessage;
import dev.crystal.settlement.notifications.application.NotificationsService;
import java.time.Duration;

/**
 * Runs the notifications domain: reacts to settlement events with customer notices and retries
 * undelivered ones. State is owned by the worker thread.
 */
public final class NotificationsWorker implements Worker<NotificationsMessage> {
    public static final Duration RETRY_INTERVAL = Duration.ofSeconds(10);

    private final NotificationsService service;

    public NotificationsWorker(NotificationsService service) {
        this.service = service;
    }

    @Override
    public void onStart(WorkerContext context) {
        retry(context);
    }

    @Override
    public void onMessage(Envelope<NotificationsMessage> envelope, WorkerContext context) {
        switch (envelope.payload()) {
            case DomainEvent event -> service.on(event, context.clock().instant());
            case NotificationsMessage.ListNotices list -> context.reply(list,
                    new NotificationsMessage.Notices(list.customerId(), service.forCustomer(list.customerId(),
                            list.limit())));
            case NotificationsMessage.RetryPending retry -> retry(context);
        }
    }

    private void retry(WorkerContext context) {
        int stillPending = service.retryPending();
        if (stillPending > 0) {
            context.schedule(RETRY_INTERVAL, Addresses.NOTIFICATIONS, new NotificationsMessage.RetryPending());
        }
    }
}
