package dev.crystal.settlement.notifications.worker;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.NotificationsMessage;
import dev.crystal.settlement.notifications.application.GuardedNoticeChannel;
import dev.crystal.settlement.notifications.application.NoticeChannel;
import dev.crystal.settlement.notifications.application.NoticeStore;
import dev.crystal.settlement.notifications.application.NotificationsService;
import java.time.Duration;

/**
 * Runs the notifications domain: reacts to events with customer, partner and security notices and
 * retries undelivered ones. State is owned by the worker thread. Its own NOTICE_SENT events are
 * ignored when they come back through the bus. The channel is called through the worker's own circuit breaker
 * and rate limiter (the runtime's guards, taken in {@code onStart}).
 */
public final class NotificationsWorker implements Worker<NotificationsMessage> {
    public static final Duration RETRY_INTERVAL = Duration.ofSeconds(10);

    private final NoticeStore store;
    private final NoticeChannel channel;
    private NotificationsService service;
    private boolean retryScheduled;

    public NotificationsWorker(NoticeStore store, NoticeChannel channel) {
        this.store = store;
        this.channel = channel;
    }

    @Override
    public void onStart(WorkerContext context) {
        service = new NotificationsService(store, GuardedNoticeChannel.of(channel, context));
        retry(context);
    }

    @Override
    public void onMessage(Envelope<NotificationsMessage> envelope, WorkerContext context) {
        switch (envelope.payload()) {
            case NotificationsMessage.EventReceived(DomainEvent event) -> {
                service.on(event, context.correlationId(), context.clock().instant(), context::publish);
                if (!retryScheduled) {
                    retry(context);
                }
            }
            case NotificationsMessage.ListNotices list -> context.reply(list,
                    new NotificationsMessage.Notices(list.recipientId(),
                            service.forRecipient(list.recipientId(), list.limit())));
            case NotificationsMessage.RetryPending retry -> {
                retryScheduled = false;
                retry(context);
            }
        }
    }

    private void retry(WorkerContext context) {
        int stillPending = service.retryPending(context::withCorrelation, context::publish);
        if (stillPending > 0 && !retryScheduled) {
            retryScheduled = true;
            context.log().info("{} notices undelivered; retrying in {}", stillPending, RETRY_INTERVAL);
            context.schedule(RETRY_INTERVAL, Addresses.NOTIFICATIONS, new NotificationsMessage.RetryPending());
        }
    }
}
