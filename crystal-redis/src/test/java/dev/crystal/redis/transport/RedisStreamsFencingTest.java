package dev.crystal.redis.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crystal.redis.RedisTestKeys;
import dev.crystal.redis.lease.RedisLeases;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.Lease;
import dev.crystal.runtime.spi.StaleLeaseException;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.testsupport.ManualClock;
import dev.crystal.testsupport.TransportContract;
import dev.crystal.testsupport.TransportContract.Ping;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fencing in Redis: a receiver fenced with a lease's epoch key acknowledges and reclaims only while its grant is the
 * newest; an older holder (a node woken from a pause after another took the lease) is refused by the script itself,
 * and nothing changes in the stream. Runs against {@code 127.0.0.1:6379} under a test prefix of its own (streams and
 * leases); the keys are deleted afterwards. Test threads are the only users.
 */
class RedisStreamsFencingTest {

    @RegisterExtension
    final RedisTestKeys keys = new RedisTestKeys(prefix -> prefix + ":*");

    private final ManualClock clock = ManualClock.atEpochOf2026();
    private RedisStreamsTransport transport;
    private RedisLeases nodeA;
    private RedisLeases nodeB;

    @BeforeEach
    void open() {
        transport = RedisStreamsTransport.open(RedisTestKeys.URI, RedisStreamsSettings.defaults(keys.prefix()),
                TestCodecs.ping(), clock);
        nodeA = RedisLeases.open(RedisTestKeys.URI, keys.prefix(), "node-a", Duration.ofSeconds(30));
        nodeB = RedisLeases.open(RedisTestKeys.URI, keys.prefix(), "node-b", Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        transport.close();
        nodeA.close();
        nodeB.close();
    }

    private void send(String... texts) {
        TransportSender sender = transport.openSender();
        long n = 0;
        for (String text : texts) {
            n++;
            sender.send(new Envelope<>("m-" + text, TransportContract.PING_TYPE, "corr-" + n, null, "test",
                    "domain.balance", clock.instant(), new Ping(text, n)));
        }
        assertThat(sender.flush().allAccepted()).isTrue();
    }

    private long pendingInRedis() {
        RedisClient client = RedisClient.create(RedisTestKeys.URI);
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().xpending(keys.prefix() + ":{domain.balance}", "g").getCount();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void anOlderGrantCannotAcknowledgeOrReclaimOnceANewerHolderHasTheLease() {
        Lease a = nodeA.lease("domain.balance");
        assertThat(a.tryHold()).isTrue();
        long epochA = a.epoch();
        TransportReceiver old = transport.openReceiver("domain.balance", "g", "node-a");
        assertThat(old.fence(a.epochKey(), () -> epochA)).isTrue();
        send("p1", "p2", "p3");
        List<Inbound> batch = old.poll(10);
        assertThat(batch).hasSize(3);
        old.ack(batch.subList(0, 1));
        assertThat(pendingInRedis()).as("the holder's acknowledgement went through").isEqualTo(2);

        // node-a pauses past its lease; node-b takes it with a newer epoch
        Lease b = nodeB.lease("domain.balance");
        a.close();
        assertThat(b.tryHold()).isTrue();
        assertThat(b.epoch()).isGreaterThan(epochA);

        assertThatThrownBy(() -> old.ack(batch.subList(1, 3))).isInstanceOf(StaleLeaseException.class)
                .hasMessageContaining("STALE_EPOCH").hasMessageContaining(":lease:{domain.balance}:epoch");
        assertThat(pendingInRedis()).as("a refused acknowledgement changes nothing").isEqualTo(2);
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> old.reclaim(Duration.ofSeconds(1))).isInstanceOf(StaleLeaseException.class);

        TransportReceiver taker = transport.openReceiver("domain.balance", "g", "node-b");
        assertThat(taker.fence(b.epochKey(), b::epoch)).isTrue();
        assertThat(taker.reclaim(Duration.ofSeconds(1))).as("the newer holder takes the entries over").isEqualTo(2);
        List<Inbound> again = taker.poll(10);
        assertThat(again).extracting(i -> ((Ping) i.envelope().payload()).text()).containsExactly("p2", "p3");
        taker.ack(again);
        assertThat(pendingInRedis()).isZero();
    }

    @Test
    void aReceiverWithoutAGrantIsRefusedAndAnUnfencedOneIsNotChecked() {
        send("p1");
        TransportReceiver standby = transport.openReceiver("domain.balance", "g", "node-a");
        assertThat(standby.fence(nodeA.lease("domain.balance").epochKey(), () -> 0)).isTrue();
        List<Inbound> batch = standby.poll(10);
        assertThatThrownBy(() -> standby.ack(batch)).isInstanceOf(StaleLeaseException.class);

        TransportReceiver unfenced = transport.openReceiver("domain.balance", "g", "node-b");
        clock.advance(Duration.ofMinutes(1));
        assertThat(unfenced.reclaim(Duration.ofSeconds(1))).isEqualTo(1);
        unfenced.ack(unfenced.poll(10));
        assertThat(pendingInRedis()).isZero();
    }

    @Test
    void anEpochKeyInAnotherClusterSlotThanTheStreamIsRefusedAtOnce() {
        TransportReceiver receiver = transport.openReceiver("domain.balance", "g", "node-a");
        assertThatThrownBy(() -> receiver.fence(nodeA.lease("domain.collections").epochKey(), () -> 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not carry the hash tag {domain.balance}");
        assertThat(StreamsReceiver.hashTag("x:lease:{domain.balance}:epoch")).isEqualTo("domain.balance");
        assertThat(StreamsReceiver.hashTag("no-tag")).isEqualTo("no-tag");
    }
}
