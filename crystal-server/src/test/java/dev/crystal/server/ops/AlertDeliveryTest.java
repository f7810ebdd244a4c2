package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.runtime.WorkerHealth;
import dev.crystal.server.http.Json;
import dev.crystal.testsupport.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Delivery to a local receiver: the webhook gets one JSON POST per firing and resolved alert, retried with back-off;
 * Alertmanager gets its {@code /api/v2/alerts} array; a silenced alert is not delivered until its silence ends; a
 * receiver that does not answer never holds up the evaluation.
 */
class AlertDeliveryTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final AtomicLong depth = new AtomicLong();
    final AlertSettings settings = AlertSettings.defaults();
    final Silences silences = new Silences();

    /** The evaluation loop of the ops thread on a manual clock, with a mailbox whose depth the test sets. */
    final class Loop {
        final SnapshotSampler sampler = new SnapshotSampler(new MeterReader(registry, () -> List.of(new WorkerHealth(
                "collections", WorkerHealth.WorkerState.RUNNING, Duration.ofMinutes(5), 0, 0, (int) depth.get(), 100,
                (int) depth.get(), 0, 0, 0, false))), clock, settings.window(), settings.lookBack(),
                settings.queueGrowthWindow());
        final AlertEvaluator evaluator;

        Loop(AlertDelivery delivery) {
            evaluator = new AlertEvaluator(new AlertRules(settings), silences, List.of(delivery));
        }

        AlertBoard seconds(int n) {
            AlertBoard board = null;
            for (int i = 0; i < n; i++) {
                clock.advance(Duration.ofSeconds(1));
                board = evaluator.evaluate(sampler.sample());
            }
            return board;
        }

        /** The mailbox over its limit until the alert fires. */
        AlertBoard fire() {
            depth.set(95);
            return seconds((int) settings.fireAfter().toSeconds() + 1);
        }

        AlertBoard resolve() {
            depth.set(10);
            return seconds((int) settings.resolveAfter().toSeconds() + 1);
        }
    }

    AlertDelivery delivery(AlertReceiver receiver, boolean alertmanager, int queue) {
        AlertDeliverySettings s = AlertDeliverySettings.none()
                .withTargets(alertmanager ? null : URI.create(receiver.url() + "/hooks/crystal"),
                        alertmanager ? URI.create(receiver.url()) : null)
                .withRetries(4, Duration.ofMillis(20), Duration.ofMillis(80), Duration.ofSeconds(5),
                        Duration.ofMinutes(1), queue);
        return new AlertDelivery(s, () -> "http://crystal.test:8080/", Json.mapper(), registry);
    }

    static JsonNode json(String body) throws Exception {
        return Json.mapper().readTree(body);
    }

    @Test
    void theWebhookGetsTheFiringAndTheResolvedAlertAsJson() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver(0, false);
             AlertDelivery delivery = delivery(receiver, false, 100)) {
            Loop loop = new Loop(delivery);
            loop.fire();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 1);
            loop.resolve();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 2);
            JsonNode firing = json(receiver.received.get(0).body());
            assertThat(receiver.received.get(0).path()).isEqualTo("/hooks/crystal");
            assertThat(receiver.received.get(0).contentType()).isEqualTo("application/json");
            assertThat(firing.path("status").asText()).isEqualTo("firing");
            assertThat(firing.path("source").asText()).isEqualTo("crystal");
            assertThat(firing.path("instance").asText()).isEqualTo("http://crystal.test:8080/");
            assertThat(firing.path("alert").path("kind").asText()).isEqualTo("MAILBOX_NEARLY_FULL");
            assertThat(firing.path("alert").path("subject").asText()).isEqualTo("collections");
            assertThat(firing.path("alert").path("severity").asText()).isEqualTo("warning");
            assertThat(firing.path("alert").path("value").asDouble()).isEqualTo(0.95);
            assertThat(firing.path("alert").path("resolvedAt").asText(null)).isNull();
            JsonNode resolved = json(receiver.received.get(1).body());
            assertThat(resolved.path("status").asText()).isEqualTo("resolved");
            assertThat(resolved.path("alert").path("resolvedAt").asText()).isEqualTo(clock.instant().toString());
            assertThat(registry.get("crystal.alerts.notifications").tags("channel", "webhook", "outcome", "delivered")
                    .counter().count()).isEqualTo(2);
        }
    }

    @Test
    void aFailingWebhookIsTriedAgainWithBackOffUntilItAnswers() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver(2, false);
             AlertDelivery delivery = delivery(receiver, false, 100)) {
            new Loop(delivery).fire();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 1);
            assertThat(receiver.requests.get()).isEqualTo(3);
            assertThat(json(receiver.received.get(0).body()).path("status").asText()).isEqualTo("firing");
        }
    }

    @Test
    void aWebhookThatNeverAnswersDoesNotHoldUpEvaluationAndExtraNotificationsAreDroppedAndCounted() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver(0, true);
             AlertDelivery delivery = delivery(receiver, false, 1)) {
            Loop loop = new Loop(delivery);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int round = 0; round < 4; round++) { // fire and resolve 4 times: 8 notifications
                    assertThat(loop.fire().active()).isNotEmpty();
                    assertThat(loop.resolve().active()).isEmpty();
                }
            });
            assertThat(delivery.dropped()).isGreaterThan(0);
            receiver.release();
        }
    }

    @Test
    void alertmanagerGetsItsApiFormatFiringThenResolved() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver(0, false);
             AlertDelivery delivery = delivery(receiver, true, 100)) {
            Loop loop = new Loop(delivery);
            loop.fire();
            Instant firedAt = clock.instant();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 1);
            loop.resolve();
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.stream()
                    .anyMatch(r -> r.body().contains("\"endsAt\":\"" + clock.instant())));
            AlertReceiver.Received first = receiver.received.get(0);
            assertThat(first.path()).isEqualTo("/api/v2/alerts");
            JsonNode alert = json(first.body()).get(0);
            assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("MAILBOX_NEARLY_FULL");
            assertThat(alert.path("labels").path("subject").asText()).isEqualTo("collections");
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
            assertThat(alert.path("labels").path("service").asText()).isEqualTo("crystal");
            assertThat(alert.path("annotations").path("summary").asText()).contains("mailbox of collections");
            assertThat(Instant.parse(alert.path("startsAt").asText())).isBefore(firedAt);
            assertThat(Instant.parse(alert.path("endsAt").asText())).isAfter(firedAt);
            assertThat(alert.path("generatorURL").asText()).isEqualTo("http://crystal.test:8080/");
            JsonNode last = json(receiver.received.getLast().body()).get(0);
            assertThat(Instant.parse(last.path("endsAt").asText())).isEqualTo(clock.instant());
        }
    }

    @Test
    void aSilencedAlertIsShownButNotDeliveredUntilItsSilenceEnds() throws Exception {
        try (AlertReceiver receiver = new AlertReceiver(0, false);
             AlertDelivery delivery = delivery(receiver, false, 100)) {
            Loop loop = new Loop(delivery);
            Silence silence = new Silence("sil_test", AlertKind.MAILBOX_NEARLY_FULL, "collections", clock.instant(),
                    clock.instant().plus(Duration.ofMinutes(1)), "ops", "resizing the mailbox");
            silences.put(silence);
            AlertBoard board = loop.fire();
            assertThat(board.active()).singleElement().satisfies(a -> assertThat(a.silencedBy()).isEqualTo("sil_test"));
            loop.seconds(20);
            assertThat(receiver.requests.get()).isZero();

            silences.put(silence.expiredAt(clock.instant()));
            assertThat(loop.seconds(1).active()).singleElement().satisfies(a -> assertThat(a.silenced()).isFalse());
            await().atMost(Duration.ofSeconds(10)).until(() -> receiver.received.size() == 1);
            assertThat(json(receiver.received.get(0).body()).path("status").asText()).isEqualTo("firing");
        }
    }
}
