package dev.crystal.wire.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * Cross-check for {@link CodecJmhBenchmark} on a busy shared machine: the same operations timed in
 * thread CPU time (best of five rounds), which other processes' load does not inflate the way it
 * inflates wall-clock time. Single-threaded; run with {@code main}.
 */
public final class CpuTimeCrossCheck {
    private static long sink;

    private CpuTimeCrossCheck() {
    }

    private static double cpuNanosPerOp(Runnable operation, int iterations) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < iterations; i++) {
            operation.run();
        }
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < iterations; i++) {
                operation.run();
            }
            best = Math.min(best, (threads.getCurrentThreadCpuTime() - start) / (double) iterations);
        }
        return best;
    }

    /**
     * Prints one line per codec and message: encode, decode and round trip CPU nanoseconds per operation.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("| codec | message | encode (cpu ns) | decode (cpu ns) | round trip (cpu ns) |");
        System.out.println("|---|---|---:|---:|---:|");
        for (String message : new String[]{"seed", "large"}) {
            int iterations = message.equals("seed") ? 200_000 : 20_000;
            for (String codec : new String[]{"binary", "fory", "fory-compatible", "json", "yaml"}) {
                CodecJmhBenchmark benchmark = new CodecJmhBenchmark();
                benchmark.codec = codec;
                benchmark.message = message;
                benchmark.setUp();
                int n = codec.equals("yaml") ? iterations / 20 : iterations;
                double encode = cpuNanosPerOp(() -> sink += benchmark.encode().length, n);
                double decode = cpuNanosPerOp(() -> sink += benchmark.decode() == null ? 0 : 1, n);
                double roundTrip = cpuNanosPerOp(() -> sink += benchmark.roundTrip() == null ? 0 : 1, n);
                System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.0f |%n", codec, message, encode, decode, roundTrip);
            }
        }
        if (sink == Long.MIN_VALUE) {
            System.out.println("unreachable");
        }
    }
}
