package dev.crystal.bench.streams;

import java.util.Locale;

/**
 * The text of the hand-run Redis benchmarks (streams transport, stream batching, Redis jobs): their
 * {@code name=value} arguments and their latency figures. Stateless.
 */
public final class BenchText {
    private BenchText() {
    }

    /** The value of argument {@code name=value} among {@code args}, else {@code fallback}. */
    public static int intArg(String[] args, String name, int fallback) {
        for (String arg : args) {
            if (arg.startsWith(name + "=")) {
                return Integer.parseInt(arg.substring(name.length() + 1));
            }
        }
        return fallback;
    }

    /** {@code value} microseconds as {@code 850 µs}, or {@code 1.25 ms} from a millisecond up. */
    public static String micros(double value) {
        return value >= 1_000 ? String.format(Locale.ROOT, "%.2f ms", value / 1_000)
                : String.format(Locale.ROOT, "%.0f µs", value);
    }
}
