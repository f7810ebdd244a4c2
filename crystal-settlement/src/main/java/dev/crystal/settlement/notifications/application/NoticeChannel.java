package dev.crystal.settlement.notifications.application;

import dev.crystal.settlement.contracts.NotificationsMessage.Notice;

/** Where notices go (log, file, webhook). A failing channel throws; the notice stays pending. */
public interface NoticeChannel {

    /** Name recorded with each notice, e.g. {@code log}. */
    String name();

    void deliver(Notice notice) throws Exception;
}
