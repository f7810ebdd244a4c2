package dev.crystal.redis.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.testsupport.LocalRedisServer;
import dev.crystal.testsupport.TransportContract;
import dev.crystal.testsupport.TransportContract.Ping;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Redis (port 6410, no AOF, no RDB) restarted under an open transport: the streams and consumer groups are
 * gone, and the receivers recreate them by themselves instead of failing every poll (issue 14: "consumer group …
 * no longer exists" every second forever).
 */
@Tag("system")
class RedisRestartTest {
    private final LocalRedisServer redis = LocalRedisServer.start(6410);
    private final RedisStreamsTransport transport = RedisStreamsTransport.open(redis.uri(),
            RedisStreamsSettings.defaults("restart-test"), TestCodecs.ping(), InstantSource.system());

    @AfterEach
    void stop() {
        transport.close();
        redis.close();
    }

    @Test
    void receiversRecreateTheirGroupsAfterARedisRestartWithoutPersistence() {
        TransportReceiver balance = transport.openReceiver("domain.balance", "balance", "node-1");
        TransportReceiver replies = transport.openReceiver("replies.node-1", "node-1", "node-1");
        TransportSender sender = transport.openSender();
        send(sender, "domain.balance", "before");
        balance.ack(balance.poll(10));

        redis.restartWithoutPersistence();
        assertThat(redis.cli("EXISTS", "restart-test:{domain.balance}")).isEqualTo("0");

        // the first calls after the restart may fail while Lettuce reconnects; then every poll works again
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(balance.poll(10)).isEmpty();
            assertThat(replies.poll(10)).isEmpty();
        });
        assertThat(redis.cli("XINFO", "GROUPS", "restart-test:{domain.balance}")).contains("balance");
        assertThat(redis.cli("XINFO", "GROUPS", "restart-test:{replies.node-1}")).contains("node-1");
        send(sender, "domain.balance", "after-1", "after-2");
        send(sender, "replies.node-1", "reply");
        List<Inbound> got = balance.poll(10);
        assertThat(got.stream().map(m -> ((Ping) m.envelope().payload()).text()).toList())
                .containsExactly("after-1", "after-2");
        balance.ack(got);
        assertThat(replies.poll(10)).hasSize(1);
        assertThat(balance.reclaim(Duration.ZERO)).isZero();
    }

    private long nextId;

    private void send(TransportSender sender, String destination, String... texts) {
        for (String text : texts) {
            long n = ++nextId;
            sender.send(new Envelope<>("m-" + n, TransportContract.PING_TYPE, "corr-" + n, null, "test", destination,
                    Instant.now(), new Ping(text, n)));
        }
        assertThat(sender.flush().allAccepted()).isTrue();
    }
}
