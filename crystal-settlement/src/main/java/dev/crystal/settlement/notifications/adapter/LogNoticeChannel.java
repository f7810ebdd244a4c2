package dev.crystal.settlement.notifications.adapter;

import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import dev.crystal.settlement.notifications.application.NoticeChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notices by writing them to the log ({@code crystal.notices}) at DEBUG: under load one line per notice was
 * most of the log, so operators see them with {@code --log-level crystal.notices=debug}. Stateless.
 */
public final class LogNoticeChannel implements NoticeChannel {
    private static final Logger NOTICES = LoggerFactory.getLogger("crystal.notices");

    @Override
    public String name() {
        return "log";
    }

    @Override
    public void deliver(Notice notice) {
        NOTICES.debug("{} notice to {}: {}", notice.audience(), notice.recipientId(), notice.text());
    }
}
