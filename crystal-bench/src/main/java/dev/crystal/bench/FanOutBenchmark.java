package dev.crystal.bench;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.crystal.runtime.Address;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Fan-out: every published event reaches 4 subscribers, each on its own thread. Score: published events per
 * second (each delivered 4 times); an invocation ends when every subscriber has seen every event.
 */
// The JVM configuration `crystal` runs with (see the launcher): heap on transparent huge pages, for every row.
@Fork(value = 1, jvmArgsAppend = "-XX:+UseTransparentHugePages")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FanOutBenchmark {
    static final int BATCH = 5_000;
    static final int SUBSCRIBERS = 4;

    /** Crystal: publish by type to 4 subscribed workers. */
    @State(Scope.Benchmark)
    public static class CrystalFanOut {
        final Completion[] done = new Completion[SUBSCRIBERS];
        final Correlations correlations = new Correlations();
        WorkerRuntime runtime;
        long sent;

        @Setup
        public void setUp() {
            runtime = WorkerRuntime.create(RuntimeConfig.defaults("bench-fan").withMeterRegistry(new SimpleMeterRegistry()));
            for (int i = 0; i < SUBSCRIBERS; i++) {
                Completion c = new Completion();
                done[i] = c;
                Address<Tick> address = Address.of("subscriber" + i, Tick.class);
                runtime.register(address, (envelope, context) -> c.add());
                runtime.subscribe(Tick.class, address);
            }
            runtime.start();
        }

        @TearDown
        public void tearDown() {
            runtime.shutdownNow();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void crystal(CrystalFanOut s) {
        for (int i = 0; i < BATCH; i++) {
            // default BACKPRESSURE mailboxes: publish waits for room, so every subscriber takes every event
            if (s.runtime.publish(Tick.ONE, s.correlations.next()) != SUBSCRIBERS) {
                throw new IllegalStateException("a subscriber refused an event");
            }
        }
        s.sent += BATCH;
        for (Completion c : s.done) {
            c.awaitAtLeast(s.sent);
        }
    }

    /** LMAX Disruptor: one ring, 4 independent handlers. */
    @State(Scope.Benchmark)
    public static class DisruptorFanOut {
        final Completion[] done = new Completion[SUBSCRIBERS];
        Disruptor<HopBenchmark.Slot> disruptor;
        RingBuffer<HopBenchmark.Slot> ring;
        long sent;

        @Setup
        @SuppressWarnings("unchecked")
        public void setUp() {
            disruptor = new Disruptor<>(HopBenchmark.Slot::new, 1_024,
                    r -> Thread.ofPlatform().daemon(true).unstarted(r), ProducerType.SINGLE, new YieldingWaitStrategy());
            EventHandler<HopBenchmark.Slot>[] handlers = new EventHandler[SUBSCRIBERS];
            for (int i = 0; i < SUBSCRIBERS; i++) {
                Completion c = new Completion();
                done[i] = c;
                handlers[i] = (slot, seq, end) -> c.add();
            }
            disruptor.handleEventsWith(handlers);
            ring = disruptor.start();
        }

        @TearDown
        public void tearDown() {
            disruptor.halt();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void disruptor(DisruptorFanOut s) {
        RingBuffer<HopBenchmark.Slot> ring = s.ring;
        for (int i = 0; i < BATCH; i++) {
            long seq = ring.next();
            ring.get(seq).value = Tick.ONE;
            ring.publish(seq);
        }
        s.sent += BATCH;
        for (Completion c : s.done) {
            c.awaitAtLeast(s.sent);
        }
    }

    /** Vert.x local event bus publish to 4 local consumers. */
    @State(Scope.Benchmark)
    public static class VertxFanOut {
        final Completion[] done = new Completion[SUBSCRIBERS];
        Vertx vertx;
        EventBus bus;
        long sent;

        @Setup
        public void setUp() {
            vertx = Vertx.vertx();
            bus = vertx.eventBus();
            bus.registerDefaultCodec(Tick.class, new PassThroughCodec<>(Tick.class));
            for (int i = 0; i < SUBSCRIBERS; i++) {
                Completion c = new Completion();
                done[i] = c;
                VertxRegistration.await(bus.<Tick>localConsumer("ticks", message -> c.add()));
            }
        }

        @TearDown
        public void tearDown() {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void vertxEventBus(VertxFanOut s) {
        for (int i = 0; i < BATCH; i++) {
            s.bus.publish("ticks", Tick.ONE);
        }
        s.sent += BATCH;
        for (Completion c : s.done) {
            c.awaitAtLeast(s.sent);
        }
    }
}
