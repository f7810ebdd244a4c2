package dev.crystal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.RestartPolicy;
import dev.crystal.runtime.RetryPolicy;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.ReplyFailed;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.testsupport.InMemoryTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TransportConsumeTest {
    record Text(String value) {
    }

    record Ask(String value) implements Request<String> {
    }

    private final Transport transport = new InMemoryTransport(InstantSource.system(), 10_000);
    private final WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("consume").withShutdownTimeout(Duration.ofSeconds(5)));
    private final Address<Text> orders = Address.of("orders", Text.class);

    @AfterEach
    void stop() {
        runtime.shutdownNow();
        transport.close();
    }

    private void sendAll(String... values) {
        try (TransportSender sender = transport.openSender()) {
            for (String v : values) {
                sender.send(new Envelope<>("id-" + v, "Text", "corr-" + v, null, "remote", "orders-stream",
                        Instant.EPOCH, new Text(v)));
            }
        }
    }

    @Test
    void aWorkerFedByATransportHandlesCommitsAndAcknowledges() {
        List<String> committed = new CopyOnWriteArrayList<>();
        List<String> pending = new ArrayList<>();
        List<String> correlations = new CopyOnWriteArrayList<>();
        runtime.register(orders, new Worker<>() {
            @Override
            public void onMessage(Envelope<Text> envelope, WorkerContext context) {
                pending.add(envelope.payload().value());
                correlations.add(context.correlationId());
            }

            @Override
            public void onBatchEnd(int count, WorkerContext context) {
                committed.addAll(pending);
                pending.clear();
            }
        });
        runtime.consume(orders, transport, "orders-stream", "settlement");
        runtime.start();
        sendAll("a", "b", "c");
        await().until(() -> committed.size() == 3);
        assertThat(committed).containsExactly("a", "b", "c");
        assertThat(correlations).containsExactly("corr-a", "corr-b", "corr-c");

        TransportReceiver other = transport.openReceiver("orders-stream", "settlement", "other");
        assertThat(other.reclaim(Duration.ZERO)).as("nothing left pending").isZero();
    }

    @Test
    void aFailedCommitLeavesTheBatchPendingUntilItIsReclaimedAndDeliveredAgain() {
        AtomicInteger commits = new AtomicInteger();
        List<String> seenIds = new CopyOnWriteArrayList<>();
        runtime.register(orders, new Worker<>() {
            @Override
            public void onMessage(Envelope<Text> envelope, WorkerContext context) {
                seenIds.add(envelope.messageId());
            }

            @Override
            public void onBatchEnd(int count, WorkerContext context) {
                if (commits.incrementAndGet() == 1) {
                    throw new IllegalStateException("database unavailable");
                }
            }
        }, WorkerOptions.defaults().withRestartPolicy(
                new RestartPolicy(3, Duration.ofMinutes(1), Duration.ofMillis(1), Duration.ofMillis(2))));
        runtime.consume(orders, transport, "orders-stream", "settlement", Duration.ofMillis(50));
        runtime.start();
        sendAll("x");
        await().until(() -> commits.get() >= 2);
        assertThat(seenIds).containsExactly("id-x", "id-x");
        assertThat(runtime.health().get(0).restarts()).isEqualTo(1);
        TransportReceiver other = transport.openReceiver("orders-stream", "settlement", "other");
        await().until(() -> other.reclaim(Duration.ZERO) == 0);
    }

    @Test
    void aMessageOfTheWrongTypeIsDeadLettered() {
        runtime.register(orders, (env, ctx) -> { });
        runtime.consume(orders, transport, "orders-stream", "settlement");
        runtime.start();
        try (TransportSender sender = transport.openSender()) {
            sender.send(new Envelope<>("id-n", "Integer", "corr-n", null, "remote", "orders-stream",
                    Instant.EPOCH, 42));
        }
        await().until(() -> runtime.deadLetters().open().size() == 1);
        assertThat(runtime.deadLetters().open().get(0).reason()).contains("is not a");
    }

    @Test
    void aRequestWithReplyToIsAnsweredThroughTheTransportMatchedByCausation() {
        Address<Ask> asks = Address.of("asks", Ask.class);
        runtime.register(asks, (env, ctx) -> {
            if (env.payload().value().equals("boom")) {
                throw new IllegalStateException("cannot answer boom");
            }
            ctx.reply(env.payload(), env.payload().value().toUpperCase(Locale.ROOT));
        }, WorkerOptions.defaults().withRetryPolicy(RetryPolicy.NONE));
        runtime.consume(asks, transport, "asks-stream", "asks");
        TransportReceiver replies = transport.openReceiver("replies:node-a", "node-a", "node-a");
        runtime.start();
        try (TransportSender sender = transport.openSender()) {
            sender.send(new Envelope<>("q-1", "Ask", "corr-q", null, "node-a", "asks-stream", Instant.EPOCH,
                    new Ask("hello")), "replies:node-a");
            sender.send(new Envelope<>("q-2", "Ask", "corr-q", null, "node-a", "asks-stream", Instant.EPOCH,
                    new Ask("boom")), "replies:node-a");
        }
        List<Inbound> got = new CopyOnWriteArrayList<>();
        await().until(() -> {
            got.addAll(replies.poll(10));
            return got.size() == 2;
        });
        Envelope<?> answer = got.stream().filter(i -> i.envelope().causationId().equals("q-1")).findFirst()
                .orElseThrow().envelope();
        assertThat(answer.payload()).isEqualTo("HELLO");
        assertThat(answer.correlationId()).isEqualTo("corr-q");
        assertThat(answer.target()).isEqualTo("replies:node-a");
        Envelope<?> failure = got.stream().filter(i -> i.envelope().causationId().equals("q-2")).findFirst()
                .orElseThrow().envelope();
        assertThat(failure.payload()).isInstanceOfSatisfying(ReplyFailed.class, f -> {
            assertThat(f.kind()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE);
            assertThat(f.detail()).contains("cannot answer boom");
        });
    }

    @Test
    void aFailingTransportPausesTheConsumerInsteadOfCrashingTheWorker() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        Transport flaky = new Transport() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public TransportSender openSender() {
                return transport.openSender();
            }

            @Override
            public TransportReceiver openReceiver(String destination, String group, String consumer) {
                TransportReceiver real = transport.openReceiver(destination, group, consumer);
                return new TransportReceiver() {
                    @Override
                    public List<Inbound> poll(int max) {
                        if (failuresLeft.getAndDecrement() > 0) {
                            throw new IllegalStateException("connection refused");
                        }
                        return real.poll(max);
                    }

                    @Override
                    public void ack(List<Inbound> messages) {
                        real.ack(messages);
                    }

                    @Override
                    public int reclaim(Duration minIdle) {
                        return real.reclaim(minIdle);
                    }

                    @Override
                    public int pending() {
                        return real.pending();
                    }

                    @Override
                    public void close() {
                        real.close();
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        List<String> seen = new CopyOnWriteArrayList<>();
        runtime.register(orders, (env, ctx) -> seen.add(env.payload().value()));
        runtime.consume(orders, flaky, "orders-stream", "settlement");
        runtime.start();
        sendAll("x", "y");
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 2);
        assertThat(seen).containsExactly("x", "y");
        assertThat(runtime.health()).allSatisfy(h -> assertThat(h.restarts()).isZero());
    }
}
