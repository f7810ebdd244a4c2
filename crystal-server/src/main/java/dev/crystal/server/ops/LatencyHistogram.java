package dev.crystal.server.ops;

import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Cumulative latency bucket counts of one timer at one instant (immutable). Two readings of the
 * same timer subtract to the latencies recorded in between, from which percentiles are estimated
 * by linear interpolation inside the bucket, like Prometheus' {@code histogram_quantile}.
 *
 * @param upperBoundsMs bucket upper bounds in milliseconds, ascending
 * @param cumulative    number of recordings at or below each bound
 * @param count         all recordings (including those above the last bound)
 * @param totalMs       sum of all recorded latencies in milliseconds
 */
public record LatencyHistogram(double[] upperBoundsMs, long[] cumulative, long count, double totalMs) {
    /** No recordings. */
    public static final LatencyHistogram EMPTY = new LatencyHistogram(new double[0], new long[0], 0, 0);

    public LatencyHistogram {
        if (upperBoundsMs.length != cumulative.length) {
            throw new IllegalArgumentException("bounds and counts differ in length");
        }
    }

    /** Reads a Micrometer snapshot; cumulative counts (Prometheus) are kept, per-bucket counts are accumulated. */
    public static LatencyHistogram of(HistogramSnapshot snapshot) {
        CountAtBucket[] buckets = snapshot.histogramCounts();
        double[] bounds = new double[buckets.length];
        long[] counts = new long[buckets.length];
        boolean ascending = true;
        for (int i = 0; i < buckets.length; i++) {
            bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
            counts[i] = (long) buckets[i].count();
            ascending &= i == 0 || counts[i] >= counts[i - 1];
        }
        long total = snapshot.count();
        if (!ascending) { // per-bucket counts (non-cumulative registries): accumulate them
            for (int i = 1; i < counts.length; i++) {
                counts[i] += counts[i - 1];
            }
        }
        return new LatencyHistogram(bounds, counts, total, snapshot.total(TimeUnit.MILLISECONDS));
    }

    /** The recordings made after {@code earlier} (a reading of the same timer); itself when the buckets differ. */
    public LatencyHistogram since(LatencyHistogram earlier) {
        if (earlier.count == 0 || !Arrays.equals(upperBoundsMs, earlier.upperBoundsMs)) {
            return earlier.count == 0 ? this : new LatencyHistogram(upperBoundsMs, cumulative, 0, 0);
        }
        long[] delta = new long[cumulative.length];
        for (int i = 0; i < delta.length; i++) {
            delta[i] = Math.max(0, cumulative[i] - earlier.cumulative[i]);
        }
        return new LatencyHistogram(upperBoundsMs, delta, Math.max(0, count - earlier.count),
                Math.max(0, totalMs - earlier.totalMs));
    }

    /** Adds another histogram with the same buckets (e.g. to sum workers); buckets must match. */
    public LatencyHistogram plus(LatencyHistogram other) {
        if (count == 0 && cumulative.length == 0) {
            return other;
        }
        if (other.count == 0 && other.cumulative.length == 0) {
            return this;
        }
        if (!Arrays.equals(upperBoundsMs, other.upperBoundsMs)) {
            throw new IllegalArgumentException("histograms with different buckets cannot be added");
        }
        long[] sum = new long[cumulative.length];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = cumulative[i] + other.cumulative[i];
        }
        return new LatencyHistogram(upperBoundsMs, sum, count + other.count, totalMs + other.totalMs);
    }

    /** Mean latency in milliseconds, 0 without recordings. */
    public double meanMs() {
        return count == 0 ? 0 : totalMs / count;
    }

    /**
     * Estimated latency at quantile {@code q} (0..1) in milliseconds, 0 without recordings. Values
     * above the last bucket are reported as the last bound.
     */
    public double percentileMs(double q) {
        if (q < 0 || q > 1) {
            throw new IllegalArgumentException("quantile must be within 0..1, was " + q);
        }
        if (count == 0 || cumulative.length == 0) {
            return 0;
        }
        double rank = q * count;
        double lowerBound = 0;
        long lowerCount = 0;
        for (int i = 0; i < cumulative.length; i++) {
            if (cumulative[i] >= rank && cumulative[i] > lowerCount) {
                double fraction = (rank - lowerCount) / (double) (cumulative[i] - lowerCount);
                return lowerBound + (upperBoundsMs[i] - lowerBound) * Math.max(0, fraction);
            }
            lowerBound = upperBoundsMs[i];
            lowerCount = cumulative[i];
        }
        return upperBoundsMs[upperBoundsMs.length - 1];
    }
}
