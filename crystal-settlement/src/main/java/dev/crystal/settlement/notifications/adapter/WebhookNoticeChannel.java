package dev.crystal.settlement.notifications.adapter;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.settlement.contracts.NotificationsMessage.Notice;
import dev.crystal.settlement.notifications.application.NoticeChannel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * POSTs each notice as JSON to a webhook; any answer other than 2xx is a failed delivery.
 * Used by the notifications worker's thread only.
 */
public final class WebhookNoticeChannel implements NoticeChannel {
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json = new ObjectMapper();

    public WebhookNoticeChannel(URI endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void deliver(Notice notice) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(notice))).build();
        HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("webhook " + endpoint + " answered " + response.statusCode());
        }
    }
}
