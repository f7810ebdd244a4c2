package dev.crystal.redis.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.redis.RedisTestKeys;
import dev.crystal.runtime.Address;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Priority;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.testsupport.TransportContract;
import dev.crystal.testsupport.TransportContract.Ping;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stream consumer takes high-priority entries first — at most {@link Priority#HIGH_BURST} in a row while normal
 * ones wait in the same poll — and dead-letters an entry whose time-to-live passed before it was consumed.
 */
class RedisStreamsPriorityTest {
    @RegisterExtension
    final RedisTestKeys keys = new RedisTestKeys(prefix -> prefix + ":*");

    private long next;

    private Envelope<Ping> ping(String text, Priority priority, long ttlMillis, Instant at) {
        long n = ++next;
        return new Envelope<>("m-" + n, TransportContract.PING_TYPE, "corr-" + n, null, "test", "jobs", at,
                new Ping(text, n), priority, ttlMillis);
    }

    @Test
    void aConsumerTakesHighPriorityEntriesFirstWithoutStarvingNormalOnesAndDeadLettersExpiredOnes() {
        RedisStreamsTransport transport = RedisStreamsTransport.open(RedisTestKeys.URI,
                RedisStreamsSettings.defaults(keys.prefix()), TestCodecs.ping(), InstantSource.system());
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("stream-priority"));
        try {
            Instant now = Instant.now();
            try (TransportSender sender = transport.openSender()) {
                for (int i = 0; i < 6; i++) {
                    sender.send(ping("N" + i, Priority.NORMAL, 0, now));
                }
                sender.send(ping("stale", Priority.HIGH, 1_000, now.minusSeconds(60)));
                for (int i = 0; i < 6; i++) {
                    sender.send(ping("H" + i, Priority.HIGH, 300_000, now));
                }
            }
            Address<Ping> jobs = Address.of("jobs", Ping.class);
            List<String> handled = new CopyOnWriteArrayList<>();
            runtime.register(jobs, (envelope, context) -> handled.add(envelope.payload().text()));
            runtime.consume(jobs, transport, "jobs", "g");
            runtime.start();

            await().atMost(Duration.ofSeconds(10)).until(() -> handled.size() == 12 && !runtime.deadLetters().open().isEmpty());
            // One poll holds all 13 entries: "stale" (high) is taken first and expires, then H0-H2 complete the run.
            assertThat(handled).containsExactly("H0", "H1", "H2", "N0", "H3", "H4", "H5", "N1", "N2", "N3", "N4", "N5");
            assertThat(runtime.deadLetters().open()).singleElement().satisfies(letter -> {
                assertThat(letter.reason()).startsWith("EXPIRED");
                assertThat(((Ping) letter.envelope().payload()).text()).isEqualTo("stale");
            });
        } finally {
            runtime.shutdownNow();
            transport.close();
        }
    }
}
