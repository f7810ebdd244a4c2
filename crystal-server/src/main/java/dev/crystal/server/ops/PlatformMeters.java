package dev.crystal.server.ops;

import com.sun.management.OperatingSystemMXBean;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The platform's one meter registry: Prometheus-backed, with JVM and process meters bound, and
 * latency histograms tuned to the sub-millisecond times of in-JVM message handling. Every module
 * (runtime, jobs, breakers) registers into it, so whatever they register is scraped at
 * {@code /metrics}. Thread ownership: created and closed by the server's controlling thread; the
 * registry itself is thread-safe.
 */
public final class PlatformMeters implements AutoCloseable {
    /** Smallest latency bucket of the percentile histograms: handlers often finish well under 1 ms. */
    public static final Duration HISTOGRAM_MIN = Duration.ofNanos(50_000);
    /** Largest latency bucket of the percentile histograms. */
    public static final Duration HISTOGRAM_MAX = Duration.ofSeconds(30);

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;

    private PlatformMeters(PrometheusMeterRegistry registry, JvmGcMetrics gcMetrics) {
        this.registry = registry;
        this.gcMetrics = gcMetrics;
    }

    /** Creates the registry and binds the JVM meters. Call before anything registers meters. */
    public static PlatformMeters create() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(finerLatencyHistograms())
                .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time")).meterFilter(promtoolNames());
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        bindProcessCpuSeconds(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        return new PlatformMeters(registry, gc);
    }

    /**
     * {@code process_cpu_seconds_total}, the Prometheus client's standard name, in seconds: what {@code crystal load}
     * reads before and after a run to give the platform's CPU time per settlement. Micrometer's own
     * {@code process.cpu.time} is denied in {@link #create()} (nanoseconds under another name).
     */
    static void bindProcessCpuSeconds(MeterRegistry registry) {
        if (ManagementFactory.getOperatingSystemMXBean()
                instanceof OperatingSystemMXBean os) {
            FunctionCounter.builder("process.cpu", os,
                            bean -> bean.getProcessCpuTime() / 1e9)
                    .baseUnit("seconds").description("CPU time used by the platform's process, all threads")
                    .register(registry);
        }
    }

    /** Histogram buckets from {@link #HISTOGRAM_MIN} for every timer that publishes a percentile histogram. */
    static MeterFilter finerLatencyHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .minimumExpectedValue((double) HISTOGRAM_MIN.toNanos())
                        .maximumExpectedValue((double) HISTOGRAM_MAX.toNanos())
                        .build().merge(config);
            }
        };
    }

    /**
     * With the denial of {@code process.cpu.time} in {@link #create()}, keeps the exposition clean for {@code promtool check metrics}: Micrometer's
     * {@code process.cpu.time} (in ns) duplicates {@code process.cpu.usage}, and
     * {@code system.cpu.count} would be read as a histogram's {@code _count}, and meters registered
     * without a description would have no HELP line.
     */
    static MeterFilter promtoolNames() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                Meter.Id named = id.getName().equals("system.cpu.count") ? id.withName("system.cpu.cores") : id;
                if (named.getDescription() == null || named.getDescription().isBlank()) {
                    // promtool wants HELP text for every family; meters registered without one still get it
                    return new Meter.Id(named.getName(), Tags.of(named.getTags()), named.getBaseUnit(),
                            named.getName() + " (registered without a description)", named.getType());
                }
                return named;
            }
        };
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The registry's content in the Prometheus text exposition format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
