package dev.crystal.bench;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.IdleStrategy;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerOptions;
import dev.crystal.runtime.WorkerRuntime;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Request/reply round trip from the benchmark thread to a responder thread and back (SampleTime: read p50
 * and p99). Every caller waits for its answer the same way: it polls the future (spin, no park), so the
 * figures compare the responders' wake-up and hand-off costs, not the caller's.
 */
// The JVM configuration `crystal` runs with (see the launcher): heap on transparent huge pages, for every row.
@Fork(value = 1, jvmArgsAppend = "-XX:+UseTransparentHugePages")
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestReplyBenchmark {
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static <T> T poll(CompletableFuture<T> future) {
        while (!future.isDone()) {
            Thread.onSpinWait();
        }
        return future.getNow(null);
    }

    /** Crystal: runtime.request with timeout, full envelope, metrics, MDC. */
    @State(Scope.Benchmark)
    public static class CrystalResponder {
        @Param({"BACKOFF_PARK", "SPIN"})
        public IdleStrategy idle;
        final Address<Ping> echo = Address.of("echo", Ping.class);
        final Correlations correlations = new Correlations();
        WorkerRuntime runtime;

        @Setup
        public void setUp() {
            runtime = WorkerRuntime.create(RuntimeConfig.defaults("bench-rr").withMeterRegistry(new SimpleMeterRegistry()));
            runtime.register(echo, (envelope, context) -> context.reply(envelope.payload(), 1L),
                    WorkerOptions.defaults().withIdleStrategy(idle));
            runtime.start();
        }

        @TearDown
        public void tearDown() {
            runtime.shutdownNow();
        }
    }

    @Benchmark
    public Reply<Long> crystal(CrystalResponder s) {
        return poll(s.runtime.request(s.echo, Ping.ONE, s.correlations.next(), TIMEOUT));
    }

    /** Raw ping-pong over two JCTools SPSC queues with a spinning responder: the floor. */
    @State(Scope.Benchmark)
    public static class QueueResponder {
        final SpscArrayQueue<Ping> requests = new SpscArrayQueue<>(1_024);
        final SpscArrayQueue<Long> replies = new SpscArrayQueue<>(1_024);
        DrainLoop responder;

        @Setup
        public void setUp() {
            responder = new DrainLoop("queue-responder", () -> requests.drain(p -> {
                while (!replies.offer(1L)) {
                    Thread.onSpinWait();
                }
            })).start();
        }

        @TearDown
        public void tearDown() throws InterruptedException {
            responder.stop();
        }
    }

    @Benchmark
    public Long spinningQueue(QueueResponder s) {
        s.requests.offer(Ping.ONE);
        Long reply;
        while ((reply = s.replies.poll()) == null) {
            Thread.onSpinWait();
        }
        return reply;
    }

    /** Vert.x local event bus request / reply. */
    @State(Scope.Benchmark)
    public static class VertxResponder {
        Vertx vertx;
        EventBus bus;

        @Setup
        public void setUp() {
            vertx = Vertx.vertx();
            bus = vertx.eventBus();
            bus.registerDefaultCodec(Ping.class, new PassThroughCodec<>(Ping.class));
            VertxRegistration.await(bus.<Ping>localConsumer("echo", message -> message.reply(1L)));
        }

        @TearDown
        public void tearDown() {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    @Benchmark
    public Object vertxEventBus(VertxResponder s) {
        return poll(s.bus.request("echo", Ping.ONE).toCompletionStage().toCompletableFuture()).body();
    }

    /** Answers every Ping with 1. State owned by the actor. */
    public static final class EchoActor extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder().match(Ping.class, p -> getSender().tell(1L, getSelf())).build();
        }
    }

    /** Apache Pekko classic actors, ask pattern. */
    @State(Scope.Benchmark)
    public static class PekkoResponder {
        ActorSystem system;
        ActorRef echo;

        @Setup
        public void setUp() {
            system = ActorSystem.create("bench-rr");
            echo = system.actorOf(Props.create(EchoActor.class));
        }

        @TearDown
        public void tearDown() throws Exception {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Benchmark
    public Object pekkoAsk(PekkoResponder s) {
        CompletionStage<Object> answer = Patterns.ask(s.echo, Ping.ONE, TIMEOUT);
        return poll(answer.toCompletableFuture());
    }
}
