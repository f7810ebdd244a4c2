package dev.crystal.settlement.notifications.application;

import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import dev.crystal.settlement.notifications.domain.NoticeComposer;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a notice per event (once, even if the event arrives twice) and delivers it. A failing
 * channel never fails the caller: the notice stays pending and is retried.
 * Thread ownership: the notifications worker's thread.
 */
public final class NotificationsService {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationsService.class);

    private final NoticeStore store;
    private final NoticeChannel channel;

    public NotificationsService(NoticeStore store, NoticeChannel channel) {
        this.store = store;
        this.channel = channel;
    }

    public void on(DomainEvent event, Instant now) {
        NoticeComposer.compose(event).ifPresent(draft -> {
            Notice notice = new Notice(draft.noticeId(), draft.customerId(), draft.kind(), draft.reference(),
                    channel.name(), "pending", draft.text(), now.toString());
            if (store.insertPending(notice)) {
                deliver(notice);
            }
        });
    }

    /** Tries every pending notice again; returns how many are still pending. */
    public int retryPending() {
        List<Notice> pending = store.pending();
        return (int) pending.stream().filter(n -> !deliver(n)).count();
    }

    private boolean deliver(Notice notice) {
        try {
            channel.deliver(notice);
            store.markDelivered(notice.noticeId());
            return true;
        } catch (Exception e) {
            LOG.warn("notice {} not delivered through {}: {}; will retry", notice.noticeId(), channel.name(),
                    e.toString());
            return false;
        }
    }

    public List<Notice> forCustomer(String customerId, int limit) {
        return store.forCustomer(customerId, limit);
    }
}
