package dev.crystal.bench;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.jctools.queues.MpscArrayQueue;
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
 * A 3-stage pipeline: producer → stage 1 → stage 2 → stage 3, each stage its own thread (4 threads on
 * however many cores there are). Score: messages per second through all three stages.
 */
// The JVM configuration `crystal` runs with (see the launcher): heap on transparent huge pages, for every row.
@Fork(value = 1, jvmArgsAppend = "-XX:+UseTransparentHugePages")
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBenchmark {
    static final int BATCH = 10_000;
    static final int CAPACITY = 1_024;

    /** Crystal: three workers forwarding with ctx.send (full envelope each hop). */
    @State(Scope.Benchmark)
    public static class CrystalPipeline {
        final Address<Tick> first = Address.of("stage1", Tick.class);
        final Address<Tick> second = Address.of("stage2", Tick.class);
        final Address<Tick> third = Address.of("stage3", Tick.class);
        final Completion done = new Completion();
        final Correlations correlations = new Correlations();
        WorkerRuntime runtime;
        long sent;

        @Setup
        public void setUp() {
            runtime = WorkerRuntime.create(RuntimeConfig.defaults("bench-pipe").withMeterRegistry(new SimpleMeterRegistry()));
            runtime.register(first, (envelope, context) -> context.send(second, envelope.payload()));
            runtime.register(second, (envelope, context) -> context.send(third, envelope.payload()));
            runtime.register(third, (envelope, context) -> done.add());
            runtime.start();
        }

        @TearDown
        public void tearDown() {
            runtime.shutdownNow();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void crystal(CrystalPipeline s) {
        for (int i = 0; i < BATCH; i++) {
            while (s.runtime.send(s.first, Tick.ONE, s.correlations.next()) != Delivery.ACCEPTED) {
                Thread.onSpinWait();
            }
        }
        s.sent += BATCH;
        s.done.awaitAtLeast(s.sent);
    }

    /** Raw JCTools queues with one drain loop per stage. */
    @State(Scope.Benchmark)
    public static class JctoolsPipeline {
        final MpscArrayQueue<Tick> q1 = new MpscArrayQueue<>(CAPACITY);
        final MpscArrayQueue<Tick> q2 = new MpscArrayQueue<>(CAPACITY);
        final MpscArrayQueue<Tick> q3 = new MpscArrayQueue<>(CAPACITY);
        final Completion done = new Completion();
        DrainLoop[] stages;
        long sent;

        /** Hands on to the next stage; while it is full, spin briefly then yield (as Crystal's backpressure does). */
        private static void forward(MpscArrayQueue<Tick> to, Tick t) {
            for (int i = 0; !to.offer(t); i++) {
                if (i < 100) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        @Setup
        public void setUp() {
            stages = new DrainLoop[] {
                new DrainLoop("stage1", () -> q1.drain(t -> forward(q2, t), 256)).start(),
                new DrainLoop("stage2", () -> q2.drain(t -> forward(q3, t), 256)).start(),
                new DrainLoop("stage3", () -> q3.drain(t -> done.add(), 256)).start(),
            };
        }

        @TearDown
        public void tearDown() throws InterruptedException {
            for (DrainLoop stage : stages) {
                stage.stop();
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void jctoolsMpsc(JctoolsPipeline s) {
        for (int i = 0; i < BATCH; i++) {
            while (!s.q1.offer(Tick.ONE)) {
                Thread.onSpinWait();
            }
        }
        s.sent += BATCH;
        s.done.awaitAtLeast(s.sent);
    }

    /** LMAX Disruptor: one ring, three handlers chained with then(). */
    @State(Scope.Benchmark)
    public static class DisruptorPipeline {
        final Completion done = new Completion();
        Disruptor<HopBenchmark.Slot> disruptor;
        RingBuffer<HopBenchmark.Slot> ring;
        long sent;

        @Setup
        public void setUp() {
            disruptor = new Disruptor<>(HopBenchmark.Slot::new, CAPACITY,
                    r -> Thread.ofPlatform().daemon(true).unstarted(r), ProducerType.SINGLE, new YieldingWaitStrategy());
            disruptor.handleEventsWith((slot, seq, end) -> { })
                    .then((slot, seq, end) -> { })
                    .then((slot, seq, end) -> done.add());
            ring = disruptor.start();
        }

        @TearDown
        public void tearDown() {
            disruptor.halt();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void disruptor(DisruptorPipeline s) {
        RingBuffer<HopBenchmark.Slot> ring = s.ring;
        for (int i = 0; i < BATCH; i++) {
            long seq = ring.next();
            ring.get(seq).value = Tick.ONE;
            ring.publish(seq);
        }
        s.sent += BATCH;
        s.done.awaitAtLeast(s.sent);
    }
}
