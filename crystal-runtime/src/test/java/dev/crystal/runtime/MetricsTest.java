package dev.crystal.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.Text;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("metered")
            .withMeterRegistry(registry));
    private final Address<Text> counted = Address.of("counted", Text.class);

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    private double value(String name) {
        return registry.get(name).tag("worker", "counted").tag("runtime", "metered").meter().measure()
                .iterator().next().getValue();
    }

    @Test
    void everyWorkerHasItsMetersAndItsOwnCountersThroughTheContext() {
        runtime.register(counted, (env, ctx) -> {
            if (env.payload().value().equals("bad")) {
                throw new IllegalStateException("bad");
            }
            ctx.metrics().increment("shop.orders");
            ctx.metrics().record("shop.latency", Duration.ofMillis(3));
        });
        runtime.start();
        runtime.send(counted, new Text("ok"), null);
        runtime.send(counted, new Text("ok"), null);
        runtime.send(counted, new Text("bad"), null);
        await().until(() -> runtime.health().get(0).processed() == 2 && runtime.health().get(0).errors() == 1);

        assertThat(value("crystal.worker.processed")).isEqualTo(2);
        assertThat(value("crystal.worker.errors")).isEqualTo(1);
        assertThat(value("crystal.worker.dead.lettered")).isEqualTo(1);
        assertThat(value("crystal.worker.rejected")).isZero();
        assertThat(value("crystal.worker.restarts")).isZero();
        assertThat(value("crystal.worker.mailbox.depth")).isZero();
        assertThat(value("crystal.worker.mailbox.high.water.mark")).isGreaterThanOrEqualTo(1);
        assertThat(value("crystal.worker.uptime")).isGreaterThanOrEqualTo(0);
        assertThat(registry.get("crystal.worker.processing").tag("worker", "counted").timer().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(registry.get("shop.orders").tag("worker", "counted").counter().count()).isEqualTo(2);
        assertThat(registry.get("shop.latency").tag("worker", "counted").timer().count()).isEqualTo(2);
    }
}
