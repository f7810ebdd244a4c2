package dev.crystal.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesInterpolateWithinBuckets() {
        LatencyHistogram h = new LatencyHistogram(new double[] {1, 2, 4, 8}, new long[] {10, 50, 90, 100}, 100, 300);
        assertThat(h.percentileMs(0.5)).isCloseTo(2.0, within(1e-9));
        assertThat(h.percentileMs(0.3)).isCloseTo(1.5, within(1e-9));
        assertThat(h.percentileMs(0.99)).isCloseTo(7.6, within(1e-9));
        assertThat(h.meanMs()).isEqualTo(3.0);
        assertThat(LatencyHistogram.EMPTY.percentileMs(0.99)).isZero();
    }

    @Test
    void aLaterReadingMinusAnEarlierOneIsWhatHappenedInBetween() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(PlatformMeters.finerLatencyHistograms());
        Timer timer = Timer.builder("t").publishPercentileHistogram().register(registry);
        for (int i = 0; i < 100; i++) {
            timer.record(200, TimeUnit.MILLISECONDS);
        }
        LatencyHistogram before = LatencyHistogram.of(timer.takeSnapshot());
        for (int i = 0; i < 100; i++) {
            timer.record(1, TimeUnit.MILLISECONDS);
        }
        LatencyHistogram window = LatencyHistogram.of(timer.takeSnapshot()).since(before);
        assertThat(window.count()).isEqualTo(100);
        assertThat(window.percentileMs(0.99)).isBetween(0.5, 1.2);
        assertThat(before.percentileMs(0.5)).isBetween(150.0, 230.0);
    }
}
