package dev.crystal.bench;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.IdleStrategy;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.store.SqliteDatabase;
import dev.crystal.store.trace.TraceKeys;
import dev.crystal.store.trace.TraceLog;
import dev.crystal.store.trace.TraceSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.jctools.queues.MpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Hop throughput, 1 producer (the benchmark thread) → 1 consumer thread, bounded to 1,024 slots where the
 * peer has a bound. Each invocation sends {@link #BATCH} messages and waits until the consumer has seen them
 * all, so the score is end-to-end messages per second.
 */
// The JVM configuration `crystal` runs with (see the launcher): heap on transparent huge pages, for every row.
@Fork(value = 1, jvmArgsAppend = "-XX:+UseTransparentHugePages")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HopBenchmark {
    static final int BATCH = 10_000;
    static final int CAPACITY = 1_024;

    /** Crystal: full envelope (id, correlation, causation, timestamp), metrics, MDC, default options. */
    @State(Scope.Benchmark)
    public static class CrystalHop {
        /** 64: a new correlation id (and MDC write) per message; 1: one conversation, no MDC writes. */
        @Param({"64", "1"})
        public int correlationIds = 64;
        /** The worker's idle strategy: the default back-off-then-park, or spinning. */
        @Param({"BACKOFF_PARK"})
        public IdleStrategy idle = IdleStrategy.BACKOFF_PARK;
        /**
         * The trace log (a real {@link TraceLog} on a temporary SQLite file): {@code none} (no tracer, the runtime
         * pays one null check), {@code off}, {@code on} (every hop offered to the writer's ring; what the ring cannot
         * hold is dropped and counted) or {@code sample=N}.
         */
        @Param({"none"})
        public String trace = "none";
        final Address<Tick> sink = Address.of("sink", Tick.class);
        final Completion done = new Completion();
        Correlations correlations;
        WorkerRuntime runtime;
        long sent;
        Path traceDir;
        SqliteDatabase traceDb;
        TraceLog traceLog;

        @Setup
        public void setUp() throws IOException {
            correlations = new Correlations(correlationIds);
            RuntimeConfig config = RuntimeConfig.defaults("bench-hop").withMeterRegistry(new SimpleMeterRegistry());
            if (!trace.equals("none")) {
                traceDir = Files.createTempDirectory("crystal-hop-trace");
                traceDb = SqliteDatabase.open(traceDir.resolve("traces.db"), List.of(TraceLog.MIGRATIONS));
                traceLog = new TraceLog(traceDb, "bench", TraceSettings.on().withMode(trace), TraceKeys.none(),
                        InstantSource.system(), null);
                config = config.withHopTracer(traceLog);
            }
            runtime = WorkerRuntime.create(config);
            runtime.register(sink, (envelope, context) -> done.add(), WorkerOptions.defaults().withIdleStrategy(idle));
            runtime.start();
        }

        @TearDown
        public void tearDown() throws IOException {
            runtime.shutdownNow();
            if (traceLog != null) {
                System.out.println("\ntrace " + trace + ": " + traceLog.count() + " hops written, "
                        + traceLog.dropped() + " dropped (ring full)");
                traceLog.close();
                traceDb.close();
                try (var files = Files.walk(traceDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void crystal(CrystalHop s) {
        for (int i = 0; i < BATCH; i++) {
            while (s.runtime.send(s.sink, Tick.ONE, s.correlations.next()) != Delivery.ACCEPTED) {
                Thread.onSpinWait();
            }
        }
        s.sent += BATCH;
        s.done.awaitAtLeast(s.sent);
    }

    /** JCTools MpscArrayQueue with batch drain. */
    @State(Scope.Benchmark)
    public static class JctoolsHop {
        final MpscArrayQueue<Tick> queue = new MpscArrayQueue<>(CAPACITY);
        final Completion done = new Completion();
        DrainLoop consumer;
        long sent;

        @Setup
        public void setUp() {
            consumer = new DrainLoop("jctools-consumer", () -> queue.drain(t -> done.add(), 256)).start();
        }

        @TearDown
        public void tearDown() throws InterruptedException {
            consumer.stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jctoolsMpsc(JctoolsHop s) {
        for (int i = 0; i < BATCH; i++) {
            while (!s.queue.offer(Tick.ONE)) {
                Thread.onSpinWait();
            }
        }
        s.sent += BATCH;
        s.done.awaitAtLeast(s.sent);
    }

    /**
     * The floor of any runtime that allocates an envelope per message: the raw JCTools queue, but the producer
     * allocates one {@link Envelope} (56 bytes, the same object Crystal allocates) per message and the
     * consumer reads its correlation id. Everything else is as in {@link #jctoolsMpsc}.
     */
    @State(Scope.Benchmark)
    public static class JctoolsEnvelopeHop {
        final MpscArrayQueue<Envelope<Tick>> queue = new MpscArrayQueue<>(CAPACITY);
        final Completion done = new Completion();
        final Instant now = Instant.now();
        DrainLoop consumer;
        long sent;
        long number;

        @Setup
        public void setUp() {
            // The consumer's last-seen id lives in its own array, away from the fields the producer reads.
            Object[] seen = new Object[32];
            consumer = new DrainLoop("jctools-envelope-consumer", () -> queue.drain(e -> {
                seen[16] = e.correlationId();
                done.add();
            }, 256)).start();
        }

        @TearDown
        public void tearDown() throws InterruptedException {
            consumer.stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jctoolsMpscEnvelope(JctoolsEnvelopeHop s) {
        for (int i = 0; i < BATCH; i++) {
            Envelope<Tick> envelope = Envelope.numbered("msg_bench_", s.number++, "Tick", "corr-bench", null,
                    "external", "sink", s.now, Tick.ONE);
            while (!s.queue.offer(envelope)) {
                Thread.onSpinWait();
            }
        }
        s.sent += BATCH;
        s.done.awaitAtLeast(s.sent);
    }

    /** Agrona ManyToOneConcurrentArrayQueue with batch drain. */
    @State(Scope.Benchmark)
    public static class AgronaHop {
        final ManyToOneConcurrentArrayQueue<Tick> queue = new ManyToOneConcurrentArrayQueue<>(CAPACITY);
        final Completion done = new Completion();
        DrainLoop consumer;
        long sent;

        @Setup
        public void setUp() {
            consumer = new DrainLoop("agrona-consumer", () -> queue.drain(t -> done.add(), 256)).start();
        }

        @TearDown
        public void tearDown() throws InterruptedException {
            consumer.stop();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void agronaMpsc(AgronaHop s) {
        for (int i = 0; i < BATCH; i++) {
            while (!s.queue.offer(Tick.ONE)) {
                Thread.onSpinWait();
            }
        }
        s.sent += BATCH;
        s.done.awaitAtLeast(s.sent);
    }

    /** java.util.concurrent.ArrayBlockingQueue: put / take. */
    @State(Scope.Benchmark)
    public static class BlockingQueueHop {
        final ArrayBlockingQueue<Tick> queue = new ArrayBlockingQueue<>(CAPACITY);
        final Completion done = new Completion();
        Thread consumer;
        long sent;

        @Setup
        public void setUp() {
            consumer = Thread.ofPlatform().daemon(true).name("abq-consumer").start(() -> {
                try {
                    while (true) {
                        queue.take();
                        done.add();
                    }
                } catch (InterruptedException stop) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        @TearDown
        public void tearDown() throws InterruptedException {
            consumer.interrupt();
            consumer.join(5_000);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void arrayBlockingQueue(BlockingQueueHop s) throws InterruptedException {
        for (int i = 0; i < BATCH; i++) {
            s.queue.put(Tick.ONE);
        }
        s.sent += BATCH;
        s.done.awaitAtLeast(s.sent);
    }

    /** An event slot of the Disruptor ring. Owned by whoever holds its sequence. */
    public static final class Slot {
        Tick value;
    }

    /** LMAX Disruptor, yielding wait strategy, single or multi producer. */
    @State(Scope.Benchmark)
    public static class DisruptorHop {
        @Param({"SINGLE", "MULTI"})
        public ProducerType producer;
        final Completion done = new Completion();
        Disruptor<Slot> disruptor;
        RingBuffer<Slot> ring;
        long sent;

        @Setup
        public void setUp() {
            disruptor = new Disruptor<>(Slot::new, CAPACITY, r -> Thread.ofPlatform().daemon(true).unstarted(r),
                    producer, new YieldingWaitStrategy());
            disruptor.handleEventsWith((slot, sequence, endOfBatch) -> done.add());
            ring = disruptor.start();
        }

        @TearDown
        public void tearDown() {
            disruptor.halt();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void disruptor(DisruptorHop s) {
        RingBuffer<Slot> ring = s.ring;
        for (int i = 0; i < BATCH; i++) {
            long seq = ring.next();
            ring.get(seq).value = Tick.ONE;
            ring.publish(seq);
        }
        s.sent += BATCH;
        s.done.awaitAtLeast(s.sent);
    }

    /** Vert.x local event bus, point-to-point send, pass-through codec. */
    @State(Scope.Benchmark)
    public static class VertxHop {
        final Completion done = new Completion();
        Vertx vertx;
        EventBus bus;
        long sent;

        @Setup
        public void setUp() {
            vertx = Vertx.vertx();
            bus = vertx.eventBus();
            bus.registerDefaultCodec(Tick.class, new PassThroughCodec<>(Tick.class));
            VertxRegistration.await(bus.<Tick>localConsumer("sink", message -> done.add()));
        }

        @TearDown
        public void tearDown() {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void vertxEventBus(VertxHop s) {
        for (int i = 0; i < BATCH; i++) {
            s.bus.send("sink", Tick.ONE);
        }
        s.sent += BATCH;
        s.done.awaitAtLeast(s.sent);
    }

    /** Counts every Tick it receives. State owned by the actor. */
    public static final class CountingActor extends AbstractActor {
        private final Completion done;

        public CountingActor(Completion done) {
            this.done = done;
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Tick.class, t -> done.addShared()).build();
        }
    }

    /** Apache Pekko classic actors, tell, default dispatcher and mailbox. */
    @State(Scope.Benchmark)
    public static class PekkoHop {
        final Completion done = new Completion();
        ActorSystem system;
        ActorRef actor;
        long sent;

        @Setup
        public void setUp() {
            system = ActorSystem.create("bench-hop");
            actor = system.actorOf(Props.create(CountingActor.class, done));
        }

        @TearDown
        public void tearDown() throws Exception {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void pekkoActor(PekkoHop s) {
        for (int i = 0; i < BATCH; i++) {
            s.actor.tell(Tick.ONE, ActorRef.noSender());
        }
        s.sent += BATCH;
        s.done.awaitAtLeast(s.sent);
    }
}
