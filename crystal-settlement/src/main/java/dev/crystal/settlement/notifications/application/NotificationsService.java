package dev.crystal.settlement.notifications.application;

import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import dev.crystal.settlement.notifications.domain.NoticeComposer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Records a notice per event (once, even if the event arrives twice) and delivers it. A failing
 * channel never fails the caller: the notice stays pending and is retried.
 * Thread ownership: the notifications worker's thread.
 */
public final class NotificationsService {
    private final NoticeStore store;
    private final NoticeChannel channel;

    public NotificationsService(NoticeStore store, NoticeChannel channel) {
        this.store = store;
        this.channel = channel;
    }

    /** Records and delivers the notice for {@code event}, if it has one; delivered notices are announced. */
    public void on(DomainEvent event, Instant now, Consumer<NoticeSent> sent) {
        on(event, null, now, sent);
    }

    /**
     * Records the notice for {@code event} (if it has one) as belonging to the operation {@code correlationId},
     * and delivers it; delivered notices are announced.
     */
    public void on(DomainEvent event, String correlationId, Instant now, Consumer<NoticeSent> sent) {
        Optional<NoticeComposer.Draft> drafted = NoticeComposer.compose(event);
        if (drafted.isEmpty()) {
            return;
        }
        NoticeComposer.Draft draft = drafted.get();
        Notice notice = new Notice(draft.noticeId(), draft.recipientId(),
                draft.audience().name().toLowerCase(Locale.ROOT), draft.kind(), draft.reference(), channel.name(),
                "pending", draft.text(), now.toString());
        if (store.insertPending(notice, correlationId)) {
            deliver(notice, sent);
        }
    }

    /** Tries every pending notice again; returns how many are still pending. */
    public int retryPending(Consumer<NoticeSent> sent) {
        return retryPending((correlationId, work) -> work.run(), sent);
    }

    /**
     * Tries every pending notice again, each inside {@code underCorrelation} with the correlation id of the
     * operation it belongs to (so its log lines and its NOTICE_SENT carry that id); returns how many are still
     * pending.
     */
    public int retryPending(BiConsumer<String, Runnable> underCorrelation, Consumer<NoticeSent> sent) {
        int stillPending = 0;
        for (NoticeStore.PendingNotice pending : store.pendingNotices()) {
            boolean[] delivered = new boolean[1];
            underCorrelation.accept(pending.correlationId(), () -> delivered[0] = deliver(pending.notice(), sent));
            if (!delivered[0]) {
                stillPending++;
            }
        }
        return stillPending;
    }

    private boolean deliver(Notice notice, Consumer<NoticeSent> sent) {
        try {
            channel.deliver(notice);
        } catch (Exception e) {
            store.recordFailure(notice.noticeId(), e.toString());
            return false;
        }
        store.markDelivered(notice.noticeId());
        sent.accept(new NoticeSent(notice.noticeId(), notice.recipientId(), notice.kind(), notice.reference(),
                channel.name()));
        return true;
    }

    public List<Notice> forRecipient(String recipientId, int limit) {
        return store.forRecipient(recipientId, limit);
    }
}
