package dev.crystal.server.ops;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers alerts to a webhook (one JSON POST per firing or resolved alert) and to Alertmanager ({@code POST
 * /api/v2/alerts}, firing alerts sent again every {@code resend}, resolved ones with their {@code endsAt}). A
 * silenced alert is not delivered; once its silence ends while it is still active it is delivered then, and its
 * resolution is delivered only if its firing was.
 *
 * <p>Thread ownership: {@link #evaluated} runs on the evaluating thread and only offers to each channel's bounded
 * queue (a full queue drops and counts, never waits); each channel's own thread ({@code crystal-alerts-webhook},
 * {@code crystal-alerts-alertmanager}) sends, retrying with doubling back-off. The set of delivered alerts belongs to
 * the evaluating thread.
 */
public final class AlertDelivery implements AlertListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertDelivery.class);
    /** The {@code source} field of every webhook body. */
    public static final String SOURCE = "crystal";

    private final AlertDeliverySettings settings;
    private final Supplier<String> instance;
    private final ObjectMapper json;
    private final HttpClient http;
    private final List<Channel> channels = new ArrayList<>();
    private final Channel alertmanager;
    private final Set<String> delivered = new HashSet<>();
    private final Map<String, Alert> deliveredActive = new LinkedHashMap<>();
    private Instant lastResend;

    /**
     * @param instance the platform's URL, sent as the {@code instance} (label) of every alert
     * @param registry where {@code crystal.alerts.notifications{channel,outcome}} is counted
     */
    public AlertDelivery(AlertDeliverySettings settings, Supplier<String> instance, ObjectMapper json,
                         MeterRegistry registry) {
        this.settings = settings;
        this.instance = instance;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
        if (settings.webhook() != null) {
            channels.add(new Channel("webhook", settings.webhook(), registry));
        }
        this.alertmanager = settings.alertmanager() == null ? null
                : new Channel("alertmanager", URI.create(settings.alertmanager().toString().replaceAll("/+$", "")
                        + "/api/v2/alerts"), registry);
        if (alertmanager != null) {
            channels.add(alertmanager);
        }
        channels.forEach(Channel::start);
    }

    @Override
    public void evaluated(Instant at, AlertBoard board, List<Alert> fired, List<Alert> resolved) {
        List<Alert> firing = new ArrayList<>();
        for (Alert a : board.active()) {
            if (!a.silenced() && delivered.add(a.key())) {
                firing.add(a);
            }
            if (delivered.contains(a.key()) && !a.silenced()) {
                deliveredActive.put(a.key(), a);
            } else {
                deliveredActive.remove(a.key());
            }
        }
        List<Alert> ended = new ArrayList<>();
        for (Alert a : resolved) {
            deliveredActive.remove(a.key());
            if (delivered.remove(a.key())) {
                ended.add(a);
            }
        }
        for (Channel c : channels) {
            if (c == alertmanager) {
                continue;
            }
            firing.forEach(a -> c.offer(webhookBody(a, at)));
            ended.forEach(a -> c.offer(webhookBody(a, at)));
        }
        if (alertmanager != null) {
            boolean resend = lastResend == null || !at.isBefore(lastResend.plus(settings.resend()));
            List<Alert> batch = new ArrayList<>(resend ? deliveredActive.values() : firing);
            batch.addAll(ended);
            if (!batch.isEmpty()) {
                alertmanager.offer(alertmanagerBody(batch, at));
            }
            if (resend) {
                lastResend = at;
            }
        }
    }

    /** The webhook's body for one alert. */
    String webhookBody(Alert a, Instant at) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", SOURCE);
        body.put("instance", instance.get());
        body.put("status", a.active() ? "firing" : "resolved");
        body.put("sentAt", at.toString());
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("kind", a.kind().name());
        alert.put("subject", a.subject());
        alert.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
        alert.put("message", a.message());
        alert.put("value", a.value());
        alert.put("threshold", a.threshold());
        alert.put("since", a.since().toString());
        alert.put("resolvedAt", a.resolvedAt() == null ? null : a.resolvedAt().toString());
        body.put("alert", alert);
        return write(body);
    }

    /** Alertmanager's {@code postableAlerts}: a JSON array of alerts with labels, annotations, startsAt, endsAt. */
    String alertmanagerBody(List<Alert> alerts, Instant at) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Alert a : alerts) {
            Map<String, Object> labels = new LinkedHashMap<>();
            labels.put("alertname", a.kind().name());
            labels.put("subject", a.subject());
            labels.put("severity", a.severity().name().toLowerCase(Locale.ROOT));
            labels.put("service", SOURCE);
            labels.put("instance", instance.get());
            Map<String, Object> annotations = new LinkedHashMap<>();
            annotations.put("summary", a.message());
            annotations.put("value", String.format(Locale.ROOT, "%.4g", a.value()));
            annotations.put("threshold", String.format(Locale.ROOT, "%.4g", a.threshold()));
            Map<String, Object> alert = new LinkedHashMap<>();
            alert.put("labels", labels);
            alert.put("annotations", annotations);
            alert.put("startsAt", a.since().toString());
            alert.put("endsAt", (a.active() ? at.plus(settings.resend().multipliedBy(4)) : a.resolvedAt()).toString());
            alert.put("generatorURL", instance.get());
            out.add(alert);
        }
        return write(out);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("alert notification not serializable", e);
        }
    }

    /** Notifications dropped because a channel's queue was full, over every channel. */
    public long dropped() {
        return channels.stream().mapToLong(c -> (long) c.dropped.count()).sum();
    }

    /** Stops the channels' threads; notifications still queued are dropped (logged). */
    @Override
    public void close() {
        channels.forEach(Channel::close);
    }

    /** One destination: its queue and the thread that sends from it. */
    private final class Channel {
        private final String name;
        private final URI url;
        private final BlockingQueue<String> queue;
        private final Thread thread;
        private final Counter deliveredCount;
        private final Counter failed;
        private final Counter dropped;
        private volatile boolean closed;

        Channel(String name, URI url, MeterRegistry registry) {
            this.name = name;
            this.url = url;
            this.queue = new ArrayBlockingQueue<>(settings.queue());
            this.thread = Thread.ofPlatform().daemon(true).name("crystal-alerts-" + name).unstarted(this::run);
            this.deliveredCount = counter(registry, "delivered");
            this.failed = counter(registry, "failed");
            this.dropped = counter(registry, "dropped");
        }

        private Counter counter(MeterRegistry registry, String outcome) {
            return Counter.builder("crystal.alerts.notifications").tag("channel", name).tag("outcome", outcome)
                    .description("alert notifications by channel and outcome (delivered, failed after every try, "
                            + "dropped by a full queue)").register(registry);
        }

        void start() {
            thread.start();
        }

        void offer(String body) {
            if (!queue.offer(body)) {
                dropped.increment();
                LOG.warn("alert {} queue full ({} waiting): notification dropped", name, settings.queue());
            }
        }

        private void run() {
            while (!closed) {
                String body;
                try {
                    body = queue.poll(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                if (body != null && !send(body)) {
                    return;
                }
            }
        }

        /** Sends with retries; false when interrupted (closing). */
        private boolean send(String body) {
            Duration wait = settings.backoff();
            for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
                String problem;
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(settings.timeout())
                            .header("Content-Type", "application/json").header("User-Agent", "crystal-alerts")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() / 100 == 2) {
                        deliveredCount.increment();
                        return true;
                    }
                    problem = "answered " + response.statusCode();
                } catch (IOException e) {
                    problem = e.toString();
                } catch (InterruptedException e) {
                    return false;
                }
                if (attempt == settings.attempts()) {
                    failed.increment();
                    LOG.error("alert {} {}: {} on try {} of {}; notification given up", name, url, problem, attempt,
                            settings.attempts());
                    return true;
                }
                LOG.warn("alert {} {}: {} on try {} of {}; trying again in {} ms", name, url, problem, attempt,
                        settings.attempts(), wait.toMillis());
                try {
                    Thread.sleep(wait);
                } catch (InterruptedException e) {
                    return false;
                }
                wait = wait.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                        : wait.multipliedBy(2);
            }
            return true;
        }

        void close() {
            closed = true;
            thread.interrupt();
            if (!queue.isEmpty()) {
                LOG.warn("alert {}: {} notification(s) not sent at shutdown", name, queue.size());
            }
        }
    }
}
