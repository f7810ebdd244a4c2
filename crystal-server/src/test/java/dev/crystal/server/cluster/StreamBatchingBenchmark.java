package dev.crystal.server.cluster;

import dev.crystal.bench.streams.BenchText;
import dev.crystal.cluster.ClusterNode;
import dev.crystal.redis.RedisKeys;
import dev.crystal.redis.transport.RedisStreamsSettings;
import dev.crystal.redis.transport.RedisStreamsTransport;
import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.wire.BatchingFlag;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.FlagScope;
import dev.crystal.wire.MessageType;
import dev.crystal.wire.MessageTypeRegistry;
import dev.crystal.wire.WireFlags;
import dev.crystal.wire.sample.SampleMessages;
import dev.crystal.wire.sample.SettlementTestMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Messages/s and latency of the cluster's stream sender with batching off and on at several count/time settings:
 * the production path of a forwarded message ({@code WorkerRuntime.send} → {@link RemoteForwarder} (waits for a
 * batch by count and time when the flag says so) → {@code RedisStreamsTransport} sender (one stream entry per
 * batch) → Redis → a receiver on its own connection and thread, which polls, unpacks and acknowledges). The
 * payload is the seed's settlement test message. Two loads per setting: <b>saturated</b> (4 producer threads send
 * {@code messages} as fast as the forwarder's mailbox takes them; throughput = messages / (first send → last
 * receive)) and <b>paced</b> ({@code rate} messages/s from one producer; latency at a moderate load). Latency is
 * from {@code send} to the receiver's {@code poll} returning the message. Each row uses a fresh key prefix and
 * deletes its keys. Arguments: {@code [redisUri] [messages=N] [rate=N] [paced=N]}; main thread plus producers,
 * the receiver and the runtime's threads. From Maven (the table also goes to
 * {@code target/stream-batching-benchmark.md}):
 * {@code mvn -B -q -o -pl crystal-server -am test -Dtest=StreamBatchingBenchmark -Dcrystal.bench=true
 * -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "crystal.bench", matches = "true")
public final class StreamBatchingBenchmark {
    private static final Address<SettlementTestMessage> BENCH = Address.of("bench", SettlementTestMessage.class);

    StreamBatchingBenchmark() {
    }

    /**
     * Runs the benchmark when {@code -Dcrystal.bench=true}, with the arguments in {@code -Dcrystal.bench.args}
     * (e.g. {@code "messages=2000 paced=500"}); not a test of behaviour.
     */
    @Test
    void run() throws Exception {
        main(Arrays.stream(System.getProperty("crystal.bench.args", "").split(" "))
                .filter(arg -> !arg.isBlank()).toArray(String[]::new));
    }

    /** One batching setting; {@code maxMessages == 0} means batching off. */
    private record Setting(int maxMessages, int maxDelayMillis) {
        String label() {
            return maxMessages == 0 ? "off" : maxMessages + " msgs / " + maxDelayMillis + " ms";
        }
    }

    /** One measured phase. */
    private record Result(double perSecond, double p50Micros, double p99Micros, double framesPerEntry) {
    }

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 && !args[0].contains("=") ? args[0] : "redis://127.0.0.1:6379";
        int messages = BenchText.intArg(args, "messages", 20_000);
        int rate = BenchText.intArg(args, "rate", 1_000);
        int paced = BenchText.intArg(args, "paced", 3_000);
        List<Setting> settings = List.of(new Setting(0, 0), new Setting(10, 100), new Setting(10, 10),
                new Setting(32, 5), new Setting(100, 2));
        List<String> table = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            for (Setting setting : settings) {
                run(uri, setting, messages / 10, 0); // warm-up
                Result saturated = run(uri, setting, messages, 0);
                Result light = run(uri, setting, paced, rate);
                String row = String.format(Locale.ROOT, "| %d | %s | %,.0f | %s / %s | %.1f | %s / %s | %.1f |", round,
                        setting.label(), saturated.perSecond(), BenchText.micros(saturated.p50Micros()),
                        BenchText.micros(saturated.p99Micros()), saturated.framesPerEntry(), BenchText.micros(light.p50Micros()),
                        BenchText.micros(light.p99Micros()), light.framesPerEntry());
                System.out.println(row);
                table.add(row);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("| round | batching | saturated msg/s | saturated p50 / p99 | frames per entry | ").append(rate)
                .append(" msg/s p50 / p99 | frames per entry |\n|---|---|---|---|---|---|---|\n");
        table.forEach(row -> out.append(row).append('\n'));
        System.out.println();
        System.out.print(out);
        Files.writeString(Path.of("target", "stream-batching-benchmark.md"), out);
    }

    private static Result run(String uri, Setting setting, int messages, int rate) throws Exception {
        String prefix = "crystal-bench-" + UUID.randomUUID();
        String type = stampedName(SettlementTestMessage.class);
        CodecSet codecs = CodecSet.standard(MessageTypeRegistry.builder()
                .register(MessageType.builder(type, SettlementTestMessage.class).build()).build(), DecoderLimits.defaults());
        WireFlags flags = WireFlags.defaults();
        if (setting.maxMessages() > 0) {
            flags.setBatching(FlagScope.global(), new BatchingFlag(true, setting.maxMessages(),
                    Duration.ofMillis(setting.maxDelayMillis()), 100), "bench");
        }
        RedisStreamsSettings streams = RedisStreamsSettings.defaults(prefix).withCapacity(Math.max(10_000, messages));
        long[] sentAt = new long[messages];
        long[] latency = new long[messages];
        AtomicInteger seen = new AtomicInteger();
        WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("bench"));
        ExecutorService threads = Executors.newFixedThreadPool(5);
        try (RedisStreamsTransport sending = RedisStreamsTransport.open(uri, streams, codecs, new SimpleMeterRegistry(),
                InstantSource.system(), ClusterWire.byDomain(flags));
             RedisStreamsTransport receiving = RedisStreamsTransport.open(uri, streams, codecs,
                     InstantSource.system())) {
            // the node's forwarder at BENCH sends to the stream domain.bench, as in production
            ClusterNode node = new ClusterNode(runtime, sending, stream -> null, "bench", List.<Address<?>>of(BENCH),
                    Duration.ofMinutes(1), Duration.ofSeconds(1), payload -> { }, ClusterWire.batching(flags));
            TransportReceiver receiver = receiving.openReceiver(ClusterNode.streamOf("bench"), "bench", "c1");
            runtime.start();
            Set<String> entries = new HashSet<>();
            long start = System.nanoTime();
            Future<Long> done = threads.submit(() -> receive(receiver, sentAt, latency, messages, seen, entries));
            SettlementTestMessage payload = SampleMessages.seed();
            int producers = rate > 0 ? 1 : 4;
            List<Future<?>> producing = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int first = p;
                producing.add(threads.submit(() -> {
                    long intervalNanos = rate > 0 ? 1_000_000_000L / rate : 0;
                    long next = System.nanoTime();
                    for (int i = first; i < messages; i += producers) {
                        if (intervalNanos > 0) {
                            next += intervalNanos;
                            long wait = next - System.nanoTime();
                            if (wait > 0) {
                                LockSupport.parkNanos(wait);
                            }
                        }
                        sentAt[i] = System.nanoTime();
                        while (runtime.send(BENCH, payload, "c-" + i) != Delivery.ACCEPTED) {
                            LockSupport.parkNanos(50_000);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : producing) {
                f.get();
            }
            long end = done.get(2, TimeUnit.MINUTES);
            receiver.close();
            node.close();
            long[] sorted = Arrays.copyOf(latency, messages);
            Arrays.sort(sorted);
            return new Result(messages / ((end - start) / 1e9), sorted[messages / 2] / 1e3,
                    sorted[Math.min(messages - 1, (int) (messages * 0.99))] / 1e3, (double) messages / entries.size());
        } finally {
            runtime.shutdownNow();
            threads.shutdownNow();
            RedisKeys.deleteMatching(uri, prefix + ":*");
        }
    }

    /** The type name the runtime stamps on envelopes of {@code type} (what the wire registry must know it by). */
    private static String stampedName(Class<?> type) throws Exception {
        CompletableFuture<String> name = new CompletableFuture<>();
        WorkerRuntime probe = WorkerRuntime.create(RuntimeConfig.defaults("probe"));
        try {
            Address<Object> address = Address.of("probe", Object.class);
            probe.register(address, (envelope, context) -> name.complete(envelope.type()));
            probe.start();
            probe.send(address, SampleMessages.seed(), "probe");
            return name.get(10, TimeUnit.SECONDS);
        } finally {
            probe.shutdownNow();
        }
    }

    private static long receive(TransportReceiver receiver, long[] sentAt, long[] latency, int messages,
                                AtomicInteger progress, Set<String> entries) {
        int seen = 0;
        while (seen < messages) {
            List<Inbound> batch = receiver.poll(256);
            if (batch.isEmpty()) {
                LockSupport.parkNanos(50_000);
                continue;
            }
            long now = System.nanoTime();
            for (Inbound inbound : batch) {
                int i = Integer.parseInt(inbound.envelope().correlationId().substring(2));
                latency[i] = now - sentAt[i];
                entries.add(inbound.deliveryId());
            }
            receiver.ack(batch);
            seen += batch.size();
            progress.set(seen);
        }
        return System.nanoTime();
    }


}
