package dev.crystal.redis.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.testsupport.LocalRedisServer;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What idle receivers cost Redis, counted on a private Redis (port 6412) with {@code INFO commandstats}: a receiver
 * whose consumer parks until woken waits in one blocking read at a time, sent again every
 * {@value StreamsReceiver#READ_BLOCK_MILLIS} ms, however often its consumer polls (issue 15: an idle three-node
 * cluster sent about 5,900 commands/s, almost all XREADGROUP of 1 ms polls).
 */
@Tag("system")
class StreamsIdleCommandsTest {
    private static final Pattern CALLS = Pattern.compile("cmdstat_([^:]+):calls=(\\d+)");

    private final LocalRedisServer redis = LocalRedisServer.start(6412);
    private final RedisStreamsTransport transport = RedisStreamsTransport.open(redis.uri(),
            RedisStreamsSettings.defaults("idle-test"), TestCodecs.ping(), InstantSource.system());

    @AfterEach
    void stop() {
        transport.close();
        redis.close();
    }

    @Test
    void idleWokenReceiversSendOneReadPerBlockEvenWhenPolledInATightLoop() {
        List<TransportReceiver> receivers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TransportReceiver receiver = transport.openReceiver("domain.d" + i, "d" + i, "node-1");
            receiver.wakeOnArrival(() -> { });
            receivers.add(receiver);
        }
        receivers.forEach(r -> r.poll(100));
        long before = commands();
        long start = System.nanoTime();
        long seconds = 5;
        // a consumer polls after every wake-up and timer; an idle one must not turn that into Redis commands
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            receivers.forEach(r -> assertThat(r.poll(100)).isEmpty());
            LockSupport.parkNanos(100_000);
        }
        long sent = commands() - before - 1; // the second INFO counts itself
        long blockReads = seconds * 1000 / StreamsReceiver.READ_BLOCK_MILLIS + 1;
        assertThat(sent).as("commands 4 idle receivers sent in %d s", seconds)
                .isLessThanOrEqualTo(receivers.size() * blockReads);
        receivers.forEach(TransportReceiver::close);
    }

    @Test
    void aReceiverPolledWithoutWakeUpsStillReadsOnEveryPoll() {
        TransportReceiver receiver = transport.openReceiver("domain.d", "d", "node-1");
        long before = commands();
        for (int i = 0; i < 50; i++) {
            assertThat(receiver.poll(100)).isEmpty();
        }
        assertThat(commands() - before - 1).isEqualTo(50);
        receiver.close();
    }

    /** Every command Redis has run so far ({@code INFO commandstats}, this call's INFO included). */
    private long commands() {
        Matcher m = CALLS.matcher(redis.cli("INFO", "commandstats"));
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(2));
        }
        return total;
    }
}
