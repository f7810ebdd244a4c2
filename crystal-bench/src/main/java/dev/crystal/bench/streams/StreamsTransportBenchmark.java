package dev.crystal.bench.streams;

import dev.crystal.redis.RedisKeys;
import dev.crystal.redis.transport.RedisStreamsSettings;
import dev.crystal.redis.transport.RedisStreamsTransport;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.spi.FlushResult;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.MessageTypeRegistry;
import dev.crystal.wire.sample.SampleMessages;
import dev.crystal.wire.sample.SettlementTestMessage;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Throughput and send-to-receive latency of {@link RedisStreamsTransport}, by codec (binary, JSON, YAML) and
 * batching (flush every 1, 16, 128 messages), each in two phases: open loop (the sender never waits: throughput,
 * latency then includes the queue built up) and closed loop (the sender flushes a batch and waits until the
 * receiver has it before sending the next: latency of the transport itself, no queueing). Sender and receiver each open their own transport (own Redis
 * connection) and run on their own thread, as two processes would; the payload is the seed's settlement test
 * message ({@link SampleMessages#seed()}). In open loop the sender sends as fast as it can (a REJECTED send is retried after
 * 100 µs); the receiver polls up to 256 at a time, acknowledges each batch, and parks 50 µs when a poll is empty.
 * Latency is from {@code send} to the receiver's {@code poll} returning the message, so it includes the time
 * a message waits in the sender's buffer for its batch to flush and any queue built up at full speed.
 * Each phase uses its own destination (a group that stopped reading would hold the capacity of a shared one);
 * each row uses a fresh key prefix {@code crystal-bench-<uuid>} and deletes its keys at the end.
 * Arguments: {@code [redisUri] [messages=N] [warmup=N] [latencyMessages=N]} (open-loop messages, open-loop
 * warm-up messages, closed-loop messages per row). Runs on the calling thread plus one receiver thread.
 */
public final class StreamsTransportBenchmark {

    private StreamsTransportBenchmark() {
    }

    /** One measured row. */
    private record Row(CodecId codec, int batch, int messages, double perSecond, double p50Micros,
                       double p99Micros, long rejected) {
    }

    /** Open loop: the sender never waits for the receiver. Closed loop: one batch in flight at a time. */
    private enum Mode {
        OPEN_LOOP, CLOSED_LOOP
    }

    /** Runs every row and prints them, then a Markdown table; arguments as in the class comment. */
    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 && !args[0].contains("=") ? args[0] : "redis://127.0.0.1:6379";
        int messages = BenchText.intArg(args, "messages", 20_000);
        int warmup = BenchText.intArg(args, "warmup", 2_000);
        int latencyMessages = BenchText.intArg(args, "latencyMessages", 4_096);
        CodecSet codecs = CodecSet.standard(MessageTypeRegistry.of(SampleMessages.CATALOG), DecoderLimits.defaults());
        List<Row> rows = new ArrayList<>();
        for (CodecId codec : CodecId.values()) {
            for (int batch : new int[] {1, 16, 128}) {
                String prefix = "crystal-bench-" + UUID.randomUUID();
                try {
                    RedisStreamsSettings settings = RedisStreamsSettings.defaults(prefix).withCodec(codec)
                            .withCapacity(Math.max(10_000, messages + warmup));
                    run(uri, settings, codecs, batch, warmup, Mode.OPEN_LOOP);
                    Row open = run(uri, settings, codecs, batch, messages, Mode.OPEN_LOOP);
                    Row closed = run(uri, settings, codecs, batch, latencyMessages, Mode.CLOSED_LOOP);
                    rows.add(open);
                    rows.add(closed);
                    System.out.printf(Locale.ROOT, "%-6s flush every %3d: open loop %,9.0f msg/s p50 %,9.1f µs p99 %,9.1f µs;"
                            + " closed loop %,9.0f msg/s p50 %,9.1f µs p99 %,9.1f µs%n", codec, batch, open.perSecond(),
                            open.p50Micros(), open.p99Micros(), closed.perSecond(), closed.p50Micros(),
                            closed.p99Micros());
                } finally {
                    deleteKeys(uri, prefix);
                }
            }
        }
        System.out.println();
        System.out.println("| codec | flush every | open loop msg/s | open loop p50 / p99 | closed loop msg/s | "
                + "closed loop p50 / p99 |");
        System.out.println("|---|---|---|---|---|---|");
        for (int r = 0; r < rows.size(); r += 2) {
            Row open = rows.get(r);
            Row closed = rows.get(r + 1);
            System.out.printf(Locale.ROOT, "| %s | %d | %,.0f | %s / %s | %,.0f | %s / %s |%n",
                    open.codec().name().toLowerCase(Locale.ROOT), open.batch(), open.perSecond(),
                    BenchText.micros(open.p50Micros()), BenchText.micros(open.p99Micros()), closed.perSecond(),
                    BenchText.micros(closed.p50Micros()), BenchText.micros(closed.p99Micros()));
        }
    }

    private static Row run(String uri, RedisStreamsSettings settings, CodecSet codecs, int batch, int messages,
                           Mode mode) throws InterruptedException, ExecutionException {
        AtomicInteger seen = new AtomicInteger();
        long[] sentAt = new long[messages];
        long[] latency = new long[messages];
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String destination = "bench-" + runId;
        SettlementTestMessage payload = SampleMessages.seed();
        ExecutorService receiverThread = Executors.newSingleThreadExecutor();
        try (RedisStreamsTransport sending = RedisStreamsTransport.open(uri, settings, codecs, InstantSource.system());
             RedisStreamsTransport receiving = RedisStreamsTransport.open(uri, settings, codecs,
                     InstantSource.system())) {
            TransportReceiver receiver = receiving.openReceiver(destination, "bench", "c1");
            long start = System.nanoTime();
            Future<Long> done = receiverThread.submit(
                    () -> receive(receiver, runId, sentAt, latency, messages, seen));
            long rejected = 0;
            try (TransportSender sender = sending.openSender()) {
                int buffered = 0;
                int firstBuffered = 0;
                for (int i = 0; i < messages; i++) {
                    sentAt[i] = System.nanoTime();
                    sender.send(new Envelope<>(runId + "-" + i, SampleMessages.TYPE, "corr-" + i, null, "bench",
                            destination, Instant.now(), payload));
                    buffered++;
                    if (buffered == batch || i == messages - 1) {
                        rejected += flush(sender, firstBuffered, buffered, runId, destination, payload);
                        while (mode == Mode.CLOSED_LOOP && seen.get() <= i) {
                            LockSupport.parkNanos(20_000);
                        }
                        firstBuffered = i + 1;
                        buffered = 0;
                    }
                }
            }
            long end = done.get();
            receiver.close();
            long[] sorted = Arrays.copyOf(latency, messages);
            Arrays.sort(sorted);
            double seconds = (end - start) / 1e9;
            return new Row(settings.codec(), batch, messages, messages / seconds,
                    sorted[(int) (messages * 0.50)] / 1e3, sorted[Math.min(messages - 1, (int) (messages * 0.99))] / 1e3,
                    rejected);
        } finally {
            receiverThread.shutdownNow();
        }
    }

    /** Flushes; re-sends whatever was REJECTED (capacity) until it is taken. Returns how many were rejected. */
    private static long flush(TransportSender sender, int first, int count, String runId, String destination,
                              SettlementTestMessage payload) {
        List<Integer> inFlight = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            inFlight.add(i);
        }
        FlushResult result = sender.flush();
        long rejected = 0;
        while (!result.allAccepted()) {
            LockSupport.parkNanos(100_000);
            List<Integer> again = new ArrayList<>();
            for (int k = 0; k < result.deliveries().size(); k++) {
                if (result.deliveries().get(k) == Delivery.REJECTED) {
                    rejected++;
                    int i = inFlight.get(k);
                    again.add(i);
                    sender.send(new Envelope<>(runId + "-" + i, SampleMessages.TYPE, "corr-" + i, null, "bench",
                            destination, Instant.now(), payload));
                }
            }
            inFlight = again;
            result = sender.flush();
        }
        return rejected;
    }

    private static long receive(TransportReceiver receiver, String runId, long[] sentAt, long[] latency,
                                int messages, AtomicInteger progress) {
        int seen = 0;
        int prefix = runId.length() + 1;
        while (seen < messages) {
            List<Inbound> batch = receiver.poll(256);
            if (batch.isEmpty()) {
                LockSupport.parkNanos(50_000);
                continue;
            }
            long now = System.nanoTime();
            for (Inbound inbound : batch) {
                int i = Integer.parseInt(inbound.envelope().messageId().substring(prefix));
                latency[i] = now - sentAt[i];
            }
            receiver.ack(batch);
            seen += batch.size();
            progress.set(seen);
        }
        return System.nanoTime();
    }



    private static void deleteKeys(String uri, String prefix) {
        RedisKeys.deleteMatching(uri, prefix + ":*");
    }
}
