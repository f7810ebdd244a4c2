package dev.crystal.settlement.notifications.application;

import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import dev.crystal.settlement.notifications.domain.NoticeComposer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
        Optional<NoticeComposer.Draft> drafted = NoticeComposer.compose(event);
        if (drafted.isEmpty()) {
            return;
        }
        NoticeComposer.Draft draft = drafted.get();
        Notice notice = new Notice(draft.noticeId(), draft.recipientId(),
                draft.audience().name().toLowerCase(Locale.ROOT), draft.kind(), draft.reference(), channel.name(),
                "pending", draft.text(), now.toString());
        if (store.insertPending(notice)) {
            deliver(notice, sent);
        }
    }

    /** Tries every pending notice again; returns how many are still pending. */
    public int retryPending(Consumer<NoticeSent> sent) {
        List<Notice> pending = store.pending();
        return (int) pending.stream().filter(n -> !deliver(n, sent)).count();
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
