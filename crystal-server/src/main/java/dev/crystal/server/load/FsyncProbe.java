package dev.crystal.server.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Measures this disk's fsync time the way a database commit pays it: write a small block at the end of a file
 * and force it to the device, {@code rounds} times, in a directory of the caller's choice (the data directory,
 * so the figure is for the disk the platform writes to). The file is deleted afterwards. Stateless; each call
 * runs on the caller's thread.
 */
public final class FsyncProbe {
    /** Where a round's figures end up. */
    public record Result(Path dir, int rounds, int blockBytes, boolean metadata, double minMicros,
                         double p50Micros, double p90Micros, double p99Micros, double maxMicros, double meanMicros) {
        /** One line for people. */
        public String line() {
            return String.format(Locale.ROOT, "fsync in %s: %d rounds of write %d B + %s: p50 %.0f us, "
                            + "p90 %.0f us, p99 %.0f us, min %.0f us, max %.0f us, mean %.0f us", dir, rounds,
                    blockBytes, metadata ? "fsync" : "fdatasync", p50Micros, p90Micros, p99Micros, minMicros,
                    maxMicros, meanMicros);
        }
    }

    private FsyncProbe() {
    }

    /**
     * Runs the probe.
     *
     * @param dir        an existing, writable directory
     * @param rounds     1..100000
     * @param blockBytes 1..1 MiB written before each force
     * @param metadata   {@code true} for fsync (file metadata too), {@code false} for fdatasync (what SQLite uses)
     * @param progress   told the number of rounds done, every 10 %
     * @throws IllegalArgumentException when the directory does not exist or a bound is violated
     * @throws IOException              when the file cannot be written
     */
    public static Result measure(Path dir, int rounds, int blockBytes, boolean metadata, IntConsumer progress)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no directory " + dir + " (pass --dir with an existing directory)");
        }
        if (rounds < 1 || rounds > 100_000) {
            throw new IllegalArgumentException("--rounds must be 1..100000, was " + rounds);
        }
        if (blockBytes < 1 || blockBytes > 1 << 20) {
            throw new IllegalArgumentException("--block-bytes must be 1..1048576, was " + blockBytes);
        }
        Path file = Files.createTempFile(dir, "crystal-fsync-", ".probe");
        long[] nanos = new long[rounds];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer block = ByteBuffer.allocateDirect(blockBytes);
            int every = Math.max(1, rounds / 10);
            for (int i = 0; i < rounds; i++) {
                block.clear();
                block.put(0, (byte) i);
                long start = System.nanoTime();
                while (block.hasRemaining()) {
                    channel.write(block);
                }
                channel.force(metadata);
                nanos[i] = System.nanoTime() - start;
                if ((i + 1) % every == 0) {
                    progress.accept(i + 1);
                }
            }
        } finally {
            Files.deleteIfExists(file);
        }
        Arrays.sort(nanos);
        double mean = Arrays.stream(nanos).average().orElse(0) / 1000.0;
        return new Result(dir.toAbsolutePath().normalize(), rounds, blockBytes, metadata, nanos[0] / 1000.0,
                at(nanos, 0.5), at(nanos, 0.9), at(nanos, 0.99), nanos[rounds - 1] / 1000.0, mean);
    }

    private static double at(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
