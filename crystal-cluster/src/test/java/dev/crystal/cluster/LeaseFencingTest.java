package dev.crystal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerContext;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.Lease;
import dev.crystal.runtime.spi.StaleLeaseException;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.testsupport.InMemoryTransport;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * A cluster node's domain worker under a lease it does not control (scripted here): a standby does nothing, not even
 * start; a takeover records the grant's epoch in the store before anything is consumed and starts the worker; a
 * lease that cannot be renewed (Redis down: {@code tryHold} throws) stops the consuming at once and the store's
 * writes carry no epoch; every later takeover starts the worker again. Thread ownership: the JUnit thread drives it.
 */
class LeaseFencingTest {
    /** What the lease service answers next: an epoch (granted), 0 (another holder) or -1 (unreachable). */
    private final AtomicLong answer = new AtomicLong(0);
    private final AtomicInteger starts = new AtomicInteger();
    private final Queue<String> handled = new ConcurrentLinkedQueue<>();
    private final List<Long> recorded = new CopyOnWriteArrayList<>();
    private final AtomicReference<LongSupplier> fencing = new AtomicReference<>();

    private final Lease scripted = new ScriptedLease(answer);

    private final FencedStore store = new FencedStore() {
        @Override
        public void fence(String writer, LongSupplier epoch) {
            fencing.set(epoch);
        }

        @Override
        public long storedEpoch(String writer) {
            return recorded.isEmpty() ? 0 : recorded.get(recorded.size() - 1);
        }

        @Override
        public void recordEpoch() {
            recorded.add(fencing.get().getAsLong());
        }
    };

    @Test
    void aStandbyWaitsATakeoverStartsTheWorkerAndALeaseThatCannotBeRenewedStopsItAtOnce() throws Exception {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("fencing"));
        Transport transport = new InMemoryTransport(InstantSource.system(), 10_000);
        Address<String> notes = Address.of("notes", String.class);
        ClusterNode node = new ClusterNode(runtime, transport, destination -> scripted, "node-1", List.of(notes),
                Duration.ofSeconds(30), Duration.ofMillis(20));
        node.place(notes, new Worker<String>() {
            @Override
            public void onStart(WorkerContext context) {
                starts.incrementAndGet();
            }

            @Override
            public void onMessage(Envelope<String> envelope, WorkerContext context) {
                handled.add(envelope.payload());
            }
        }, store);
        try {
            runtime.start();
            node.start();
            runtime.send(notes, "while standing by", null);
            // a standby: checks the lease again and again, never starts the worker, writes nothing
            Thread.sleep(500);
            assertThat(starts).hasValue(0);
            assertThat(handled).isEmpty();
            assertThat(recorded).isEmpty();
            assertThat(fencing.get().getAsLong()).as("writes without the lease carry no epoch").isZero();
            assertThat(node.ownership()).containsExactly(new ClusterNode.Ownership("notes", false, 0));

            answer.set(3); // takes the lease with epoch 3
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("while standing by"));
            assertThat(recorded).as("the epoch was recorded before anything was consumed").containsExactly(3L);
            assertThat(starts).hasValue(1);
            assertThat(fencing.get().getAsLong()).isEqualTo(3);
            assertThat(node.ownership()).containsExactly(new ClusterNode.Ownership("notes", true, 3));

            answer.set(-1); // Redis goes away: the renewal throws
            await().atMost(Duration.ofSeconds(10)).until(() -> !node.ownership().get(0).held());
            assertThat(fencing.get().getAsLong()).as("no epoch once the lease is not renewed").isZero();
            runtime.send(notes, "while Redis is down", null);
            Thread.sleep(500);
            assertThat(handled).doesNotContain("while Redis is down");

            answer.set(4); // taken again, with a newer epoch: the worker starts again and resumes
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("while Redis is down"));
            assertThat(starts).as("every takeover starts the worker").hasValue(2);
            assertThat(recorded).containsExactly(3L, 4L);
            assertThat(runtime.config().meterRegistry().get("crystal.lease.changes").tag("domain", "notes")
                    .tag("change", "lost").counter().count()).isEqualTo(1.0);
            assertThat(runtime.config().meterRegistry().get("crystal.lease.changes").tag("domain", "notes")
                    .tag("change", "acquired").counter().count()).isEqualTo(2.0);
        } finally {
            runtime.shutdownNow();
            node.close();
            transport.close();
        }
    }

    @Test
    void theDomainReceiverIsFencedWithTheGrantsEpochAndARefusedAcknowledgementDoesNotStopTheWorker() throws Exception {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("fenced-acks"));
        AtomicBoolean refuse = new AtomicBoolean();
        AtomicReference<String> fencedKey = new AtomicReference<>();
        AtomicReference<LongSupplier> fencedEpoch = new AtomicReference<>();
        AtomicInteger refused = new AtomicInteger();
        Transport memory = new InMemoryTransport(InstantSource.system(), 10_000);
        Transport transport = new Transport() {
            @Override
            public String name() {
                return "fenced-memory";
            }

            @Override
            public TransportSender openSender() {
                return memory.openSender();
            }

            @Override
            public TransportReceiver openReceiver(String destination, String group, String consumer) {
                TransportReceiver inner = memory.openReceiver(destination, group, consumer);
                return new TransportReceiver() {
                    @Override
                    public List<Inbound> poll(int max) {
                        return inner.poll(max);
                    }

                    @Override
                    public void ack(List<Inbound> messages) {
                        if (refuse.get() && !messages.isEmpty()) {
                            refused.incrementAndGet();
                            throw new StaleLeaseException("STALE_EPOCH lease epoch 3 is older than the newest grant 4",
                                    null);
                        }
                        inner.ack(messages);
                    }

                    @Override
                    public int reclaim(Duration minIdle) {
                        return inner.reclaim(minIdle);
                    }

                    @Override
                    public int pending() {
                        return inner.pending();
                    }

                    @Override
                    public boolean fence(String epochKey, LongSupplier epoch) {
                        fencedKey.set(epochKey);
                        fencedEpoch.set(epoch);
                        return true;
                    }

                    @Override
                    public void close() {
                        inner.close();
                    }
                };
            }

            @Override
            public void close() {
                memory.close();
            }
        };
        Address<String> notes = Address.of("notes", String.class);
        ClusterNode node = new ClusterNode(runtime, transport, destination -> scripted, "node-1", List.of(notes),
                Duration.ofSeconds(30), Duration.ofMillis(20));
        node.place(notes, (Envelope<String> envelope, WorkerContext context) -> handled.add(envelope.payload()), store);
        try {
            runtime.start();
            node.start();
            answer.set(3);
            runtime.send(notes, "first", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("first"));
            assertThat(fencedKey.get()).isEqualTo("test:lease:{domain.notes}:epoch");
            assertThat(fencedEpoch.get().getAsLong()).as("the receiver acts with the grant's epoch").isEqualTo(3);

            refuse.set(true); // Redis says a newer grant exists: the acknowledgement is refused
            runtime.send(notes, "refused ack", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> refused.get() > 0);
            refuse.set(false);
            runtime.send(notes, "after", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("after"));
            assertThat(runtime.health()).filteredOn(w -> w.name().equals("notes.worker")).isNotEmpty()
                    .allSatisfy(w -> assertThat(w.restarts()).as("a refused ack is no crash").isZero());
        } finally {
            runtime.shutdownNow();
            node.close();
            transport.close();
        }
    }

    @Test
    void aGrantThatLapsedAndCameStraightBackIsNoTakeoverUnlessAnotherNodeWroteMeanwhile() throws Exception {
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("regrant"));
        Transport transport = new InMemoryTransport(InstantSource.system(), 10_000);
        Address<String> notes = Address.of("notes", String.class);
        ClusterNode node = new ClusterNode(runtime, transport, destination -> scripted, "node-1", List.of(notes),
                Duration.ofSeconds(30), Duration.ofMillis(20));
        node.place(notes, new Worker<String>() {
            @Override
            public void onStart(WorkerContext context) {
                starts.incrementAndGet();
            }

            @Override
            public void onMessage(Envelope<String> envelope, WorkerContext context) {
                handled.add(envelope.payload());
            }
        }, store);
        try {
            runtime.start();
            node.start();
            answer.set(3);
            runtime.send(notes, "first", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("first"));

            answer.set(5); // the grant lapsed while the worker was busy; this node got it straight back
            await().atMost(Duration.ofSeconds(10)).until(() -> recorded.contains(5L));
            runtime.send(notes, "second", null);
            await().atMost(Duration.ofSeconds(10)).until(() -> handled.contains("second"));
            assertThat(starts).as("no takeover: the pending work is not resumed again").hasValue(1);
            assertThat(fencing.get().getAsLong()).isEqualTo(5);
            assertThat(runtime.config().meterRegistry().get("crystal.lease.changes").tag("domain", "notes")
                    .tag("change", "regranted").counter().count()).isEqualTo(1.0);

            recorded.add(7L); // another node took the domain meanwhile and recorded its epoch
            answer.set(8);
            await().atMost(Duration.ofSeconds(10)).until(() -> starts.get() == 2);
            assertThat(recorded).endsWith(8L);
        } finally {
            runtime.shutdownNow();
            node.close();
            transport.close();
        }
    }
}
