package dev.crystal.settlement.notifications.adapter;

import dev.crystal.settlement.notifications.application.NoticeChannel;
import java.net.URI;
import java.nio.file.Path;

/** Builds the configured channel from its spec: {@code log}, {@code file:PATH} or {@code webhook:URL}. */
public final class NoticeChannels {
    private NoticeChannels() {
    }

    /**
     * The channel {@code spec} names, unguarded: the notifications worker puts it behind its breaker and limiter.
     *
     * @throws IllegalArgumentException with the accepted forms when {@code spec} is not one of them
     */
    public static NoticeChannel fromSpec(String spec) {
        NoticeChannel channel;
        if (spec.equals("log")) {
            channel = new LogNoticeChannel();
        } else if (spec.startsWith("file:") && spec.length() > 5) {
            channel = new FileNoticeChannel(Path.of(spec.substring(5)));
        } else if (spec.startsWith("webhook:") && spec.length() > 8) {
            URI uri = URI.create(spec.substring(8));
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new IllegalArgumentException("webhook URL must be http or https: " + uri);
            }
            channel = new WebhookNoticeChannel(uri);
        } else {
            throw new IllegalArgumentException("unknown notice channel '" + spec
                    + "'; use log, file:PATH or webhook:URL");
        }
        return channel;
    }
}
