package dev.crystal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.FlushResult;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Transport} must do: batched flush, at-least-once delivery, pending until acknowledged,
 * redelivery with a stable message id, consumer groups, isolation of destinations, a clean close, and a consumer
 * that parks until its receiver {@linkplain TransportReceiver#wakeOnArrival wakes it} (every transport here can).
 * Extend it with a concrete test that creates the transport under test (the in-memory one, Redis Streams…).
 * Each test method owns its transport; test threads are the only users.
 */
public abstract class TransportContract {

    /** A payload the transports under test must carry (codecs for remote transports must handle it). */
    public record Ping(String text, long number) {
    }

    /**
     * The envelope type of every {@link Ping}: UPPER_SNAKE_CASE, so a remote transport can register {@link Ping}
     * under it in its wire registry (crystal-wire refuses other type names).
     */
    public static final String PING_TYPE = "PING";

    protected final ManualClock clock = ManualClock.atEpochOf2026();
    protected Transport transport;
    private long nextId;

    /** Creates the transport under test; {@code clock} drives its idle times. Destinations hold at least 1,000. */
    protected abstract Transport createTransport(InstantSource clock);

    @BeforeEach
    void openTransport() {
        transport = createTransport(clock);
    }

    @AfterEach
    void closeTransport() {
        transport.close();
    }

    protected Envelope<Ping> envelope(String destination, String text) {
        long n = ++nextId;
        return new Envelope<>("m-" + destination + "-" + n, PING_TYPE, "corr-" + n, null, "test", destination,
                clock.instant(), new Ping(text, n));
    }

    private List<Inbound> pollAll(TransportReceiver receiver, int expected) {
        List<Inbound> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (got.size() < expected && System.nanoTime() < deadline) {
            List<Inbound> batch = receiver.poll(expected - got.size());
            if (batch.isEmpty()) {
                Thread.onSpinWait();
            }
            got.addAll(batch);
        }
        return got;
    }

    private static List<String> texts(List<Inbound> inbound) {
        return inbound.stream().map(i -> ((Ping) i.envelope().payload()).text()).toList();
    }

    @Test
    void nothingIsVisibleBeforeFlush() {
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c1");
        TransportSender sender = transport.openSender();
        assertThat(sender.send(envelope("orders", "a"))).isEqualTo(Delivery.ACCEPTED);
        assertThat(receiver.poll(10)).isEmpty();
        FlushResult result = sender.flush();
        assertThat(result.deliveries()).containsExactly(Delivery.ACCEPTED);
        assertThat(texts(pollAll(receiver, 1))).containsExactly("a");
    }

    @Test
    void deliversEnvelopeUnchangedInSendOrder() {
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c1");
        TransportSender sender = transport.openSender();
        List<Envelope<Ping>> sent = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Envelope<Ping> e = envelope("orders", "p" + i);
            sent.add(e);
            sender.send(e);
        }
        assertThat(sender.flush().allAccepted()).isTrue();
        List<Inbound> got = pollAll(receiver, 100);
        assertThat(got).extracting(Inbound::envelope).containsExactlyElementsOf(sent);
        assertThat(got).allSatisfy(i -> assertThat(i.deliveryCount()).isEqualTo(1));
        assertThat(got).extracting(Inbound::deliveryId).doesNotHaveDuplicates();
    }

    @Test
    void replyToTravelsWithTheMessageAndIsAbsentForOneWayMessages() {
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c1");
        TransportSender sender = transport.openSender();
        sender.send(envelope("orders", "one-way"));
        sender.send(envelope("orders", "question"), "replies:node-1");
        assertThat(sender.flush().allAccepted()).isTrue();
        List<Inbound> got = pollAll(receiver, 2);
        assertThat(texts(got)).containsExactly("one-way", "question");
        assertThat(got.get(0).replyTo()).isNull();
        assertThat(got.get(1).replyTo()).isEqualTo("replies:node-1");
    }

    @Test
    void pollNeverHandsOutMoreThanAsked() {
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c1");
        TransportSender sender = transport.openSender();
        for (int i = 0; i < 10; i++) {
            sender.send(envelope("orders", "p" + i));
        }
        sender.flush();
        List<Inbound> first = pollAll(receiver, 3);
        assertThat(first).hasSize(3);
        assertThat(receiver.poll(3)).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void unacknowledgedMessagesStayPendingAndAreRedeliveredWithTheSameMessageId() {
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c1");
        TransportSender sender = transport.openSender();
        sender.send(envelope("orders", "kept"));
        sender.send(envelope("orders", "acked"));
        sender.flush();
        List<Inbound> first = pollAll(receiver, 2);
        assertThat(receiver.pending()).isEqualTo(2);
        receiver.ack(List.of(first.get(1)));
        assertThat(receiver.pending()).isEqualTo(1);

        assertThat(receiver.reclaim(Duration.ofSeconds(30))).isZero();
        clock.advance(Duration.ofSeconds(31));
        assertThat(receiver.reclaim(Duration.ofSeconds(30))).isEqualTo(1);

        List<Inbound> again = pollAll(receiver, 1);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).envelope().messageId()).isEqualTo(first.get(0).envelope().messageId());
        assertThat(again.get(0).deliveryCount()).isEqualTo(2);
        assertThat(again.get(0).redelivered()).isTrue();
        receiver.ack(again);
        assertThat(receiver.pending()).isZero();
        clock.advance(Duration.ofMinutes(5));
        assertThat(receiver.reclaim(Duration.ZERO)).isZero();
        assertThat(receiver.poll(10)).isEmpty();
    }

    @Test
    void aSecondMemberReclaimsWhatACrashedMemberLeftPending() {
        TransportReceiver crashed = transport.openReceiver("orders", "g", "c1");
        TransportSender sender = transport.openSender();
        sender.send(envelope("orders", "x"));
        sender.flush();
        assertThat(pollAll(crashed, 1)).hasSize(1);
        crashed.close();

        TransportReceiver survivor = transport.openReceiver("orders", "g", "c2");
        clock.advance(Duration.ofMinutes(1));
        assertThat(survivor.reclaim(Duration.ofSeconds(30))).isEqualTo(1);
        List<Inbound> got = pollAll(survivor, 1);
        assertThat(texts(got)).containsExactly("x");
        assertThat(survivor.pending()).isEqualTo(1);
    }

    @Test
    void membersOfOneGroupShareMessagesAndGroupsEachSeeAll() {
        TransportReceiver a1 = transport.openReceiver("events", "audit", "a1");
        TransportReceiver a2 = transport.openReceiver("events", "audit", "a2");
        TransportReceiver b1 = transport.openReceiver("events", "billing", "b1");
        TransportSender sender = transport.openSender();
        for (int i = 0; i < 20; i++) {
            sender.send(envelope("events", "e" + i));
        }
        sender.flush();
        List<Inbound> fromA = new ArrayList<>(pollAll(a1, 7));
        fromA.addAll(pollAll(a2, 13));
        assertThat(texts(fromA)).hasSize(20).doesNotHaveDuplicates();
        assertThat(texts(pollAll(b1, 20))).hasSize(20).doesNotHaveDuplicates();
    }

    @Test
    void destinationsAreIsolated() {
        TransportReceiver orders = transport.openReceiver("orders", "g", "c");
        TransportReceiver payments = transport.openReceiver("payments", "g", "c");
        TransportSender sender = transport.openSender();
        sender.send(envelope("orders", "o"));
        sender.send(envelope("payments", "p"));
        sender.flush();
        assertThat(texts(pollAll(orders, 1))).containsExactly("o");
        assertThat(texts(pollAll(payments, 1))).containsExactly("p");
        assertThat(orders.poll(10)).isEmpty();
    }

    @Test
    void concurrentSendersLoseNothing() throws Exception {
        int senders = 4;
        int perSender = 200;
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c");
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch done = new CountDownLatch(senders);
        try {
            for (int s = 0; s < senders; s++) {
                String prefix = "s" + s + "-";
                pool.execute(() -> {
                    try (TransportSender sender = transport.openSender()) {
                        for (int i = 0; i < perSender; i++) {
                            sender.send(new Envelope<>(prefix + i, PING_TYPE, "corr", null, "test", "orders",
                                    clock.instant(), new Ping(prefix + i, i)));
                            if (i % 50 == 49) {
                                sender.flush();
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                });
            }
            List<Inbound> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (got.size() < senders * perSender && System.nanoTime() < deadline) {
                List<Inbound> batch = receiver.poll(100);
                receiver.ack(batch);
                got.addAll(batch);
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            Set<String> ids = new HashSet<>();
            got.forEach(i -> ids.add(i.envelope().messageId()));
            assertThat(ids).hasSize(senders * perSender);
            for (int s = 0; s < senders; s++) {
                String prefix = "s" + s + "-";
                List<Long> order = got.stream().map(i -> (Ping) i.envelope().payload())
                        .filter(p -> p.text().startsWith(prefix)).map(Ping::number).toList();
                assertThat(order).as("per-sender order of %s", prefix).isSorted();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aParkedConsumerIsWokenByASendAndThenPollsIt() throws Exception {
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c1");
        CountDownLatch woken = new CountDownLatch(1);
        assertThat(receiver.wakeOnArrival(woken::countDown)).as("the longest the consumer may park").isPositive();
        assertThat(receiver.poll(10)).isEmpty(); // a receiver that reads ahead now waits in a read

        Thread sending = Thread.ofPlatform().start(() -> {
            try (TransportSender sender = transport.openSender()) {
                sender.send(envelope("orders", "wake up"));
            }
        });
        sending.join();
        assertThat(woken.await(10, TimeUnit.SECONDS)).as("woken by the send").isTrue();
        List<Inbound> got = pollAll(receiver, 1);
        assertThat(texts(got)).containsExactly("wake up");
        receiver.ack(got);
        assertThat(receiver.pending()).isZero();
    }

    @Test
    void aWokenConsumerGetsEverythingInSendOrderAcrossWakeUps() {
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c1");
        AtomicInteger wakeUps = new AtomicInteger();
        receiver.wakeOnArrival(wakeUps::incrementAndGet);
        TransportSender sender = transport.openSender();
        List<String> sent = new ArrayList<>();
        List<Inbound> got = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            assertThat(receiver.poll(20)).isEmpty();
            int before = wakeUps.get();
            for (int i = 0; i < 20; i++) {
                String text = "r" + round + "-" + i;
                sent.add(text);
                sender.send(envelope("orders", text));
            }
            sender.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> wakeUps.get() > before);
            List<Inbound> batch = pollAll(receiver, 20);
            receiver.ack(batch);
            got.addAll(batch);
        }
        assertThat(texts(got)).containsExactlyElementsOf(sent);
        assertThat(receiver.pending()).isZero();
    }

    @Test
    void closeReturnsPromptlyWhileTheReceiverWaitsInARead() {
        TransportReceiver receiver = transport.openReceiver("orders", "g", "c1");
        receiver.wakeOnArrival(() -> { });
        assertThat(receiver.poll(10)).isEmpty();
        // a blocked read lasts seconds; close must not wait for it
        assertTimeoutPreemptively(Duration.ofMillis(1_500), receiver::close);
        try (TransportSender sender = transport.openSender()) {
            sender.send(envelope("orders", "after close"));
        }
        // the closed member's read may still have taken it (Redis drops a closed client's read a little later):
        // then it is pending for that member, and another takes it back
        TransportReceiver other = transport.openReceiver("orders", "g", "c2");
        clock.advance(Duration.ofMinutes(1));
        other.reclaim(Duration.ofSeconds(30));
        assertThat(texts(pollAll(other, 1))).containsExactly("after close");
    }

    @Test
    void afterCloseSendsAnswerShuttingDown() {
        TransportSender sender = transport.openSender();
        transport.close();
        assertThat(sender.send(envelope("orders", "late"))).isEqualTo(Delivery.SHUTTING_DOWN);
    }
}
