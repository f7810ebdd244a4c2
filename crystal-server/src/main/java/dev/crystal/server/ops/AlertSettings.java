package dev.crystal.server.ops;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crystal.wire.SafeYaml;
import dev.crystal.wire.WireException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Thresholds of the alert rules, immutable and validated, with the seed's defaults. Can be read
 * from a YAML file whose keys are the component names (all optional), e.g.
 * {@code p99LatencyMs: 250} or {@code window: PT10S}.
 *
 * @param p99LatencyMs         HIGH_LATENCY above this p99 (ms) of a worker or of HTTP
 * @param errorRate            HIGH_ERROR_RATE above this failure ratio (0..1)
 * @param minMessages          latency and error-rate rules judge a worker only with at least this many messages in the window
 * @param mailboxFill          MAILBOX_NEARLY_FULL above this fill ratio (0..1)
 * @param restartWindow        WORKER_RESTARTING while a restart happened within this span
 * @param queueGrowingSamples  QUEUE_DEPTH_GROWING after this many consecutive growing samples
 * @param clearSamples         an active alert resolves after this many consecutive evaluations without its condition (no flapping)
 * @param window               sliding window for rates and percentiles
 * @param interval             how often the rules are evaluated (and the dashboard updated)
 */
public record AlertSettings(double p99LatencyMs, double errorRate, long minMessages, double mailboxFill,
                            Duration restartWindow, int queueGrowingSamples, int clearSamples, Duration window,
                            Duration interval) {
    public static final double DEFAULT_P99_LATENCY_MS = 100;
    public static final double DEFAULT_ERROR_RATE = 0.01;
    public static final long DEFAULT_MIN_MESSAGES = 20;
    public static final double DEFAULT_MAILBOX_FILL = 0.8;
    public static final Duration DEFAULT_RESTART_WINDOW = Duration.ofMinutes(1);
    public static final int DEFAULT_QUEUE_GROWING_SAMPLES = 5;
    public static final int DEFAULT_CLEAR_SAMPLES = 3;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    @JsonCreator
    public AlertSettings(@JsonProperty("p99LatencyMs") Double p99LatencyMs, @JsonProperty("errorRate") Double errorRate,
                         @JsonProperty("minMessages") Long minMessages, @JsonProperty("mailboxFill") Double mailboxFill,
                         @JsonProperty("restartWindow") Duration restartWindow,
                         @JsonProperty("queueGrowingSamples") Integer queueGrowingSamples,
                         @JsonProperty("clearSamples") Integer clearSamples,
                         @JsonProperty("window") Duration window, @JsonProperty("interval") Duration interval) {
        this(p99LatencyMs == null ? DEFAULT_P99_LATENCY_MS : p99LatencyMs,
                errorRate == null ? DEFAULT_ERROR_RATE : errorRate,
                minMessages == null ? DEFAULT_MIN_MESSAGES : minMessages,
                mailboxFill == null ? DEFAULT_MAILBOX_FILL : mailboxFill,
                restartWindow == null ? DEFAULT_RESTART_WINDOW : restartWindow,
                queueGrowingSamples == null ? DEFAULT_QUEUE_GROWING_SAMPLES : queueGrowingSamples,
                clearSamples == null ? DEFAULT_CLEAR_SAMPLES : clearSamples,
                window == null ? DEFAULT_WINDOW : window, interval == null ? DEFAULT_INTERVAL : interval);
    }

    public AlertSettings {
        if (!(p99LatencyMs > 0)) {
            throw new IllegalArgumentException("p99LatencyMs must be positive, was " + p99LatencyMs);
        }
        if (!(errorRate > 0 && errorRate < 1)) {
            throw new IllegalArgumentException("errorRate must be between 0 and 1 (exclusive), was " + errorRate);
        }
        if (minMessages < 1) {
            throw new IllegalArgumentException("minMessages must be at least 1, was " + minMessages);
        }
        if (!(mailboxFill > 0 && mailboxFill <= 1)) {
            throw new IllegalArgumentException("mailboxFill must be within (0, 1], was " + mailboxFill);
        }
        requirePositive("restartWindow", restartWindow);
        if (queueGrowingSamples < 2) {
            throw new IllegalArgumentException("queueGrowingSamples must be at least 2, was " + queueGrowingSamples);
        }
        if (clearSamples < 1) {
            throw new IllegalArgumentException("clearSamples must be at least 1, was " + clearSamples);
        }
        requirePositive("window", window);
        requirePositive("interval", interval);
        if (interval.compareTo(window) > 0) {
            throw new IllegalArgumentException("interval " + interval + " must not exceed window " + window);
        }
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }

    /** The seed's thresholds: p99 100 ms, errors 1%, mailbox 80%, restarts within 1 min, 5 growing samples; resolve after 3 clear samples. */
    public static AlertSettings defaults() {
        return new AlertSettings(DEFAULT_P99_LATENCY_MS, DEFAULT_ERROR_RATE, DEFAULT_MIN_MESSAGES, DEFAULT_MAILBOX_FILL,
                DEFAULT_RESTART_WINDOW, DEFAULT_QUEUE_GROWING_SAMPLES, DEFAULT_CLEAR_SAMPLES, DEFAULT_WINDOW,
                DEFAULT_INTERVAL);
    }

    /** Reads settings from a YAML file; missing keys keep their defaults, unknown keys are refused. */
    public static AlertSettings fromYaml(Path file) {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).findAndRegisterModules()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return defaults();
            }
            // read by the one safe reader (no duplicate keys, tags or alias bombs), then bound to the record
            return yaml.treeToValue(SafeYaml.withDefaults()
                    .read(text), AlertSettings.class);
        } catch (WireException e) {
            throw new IllegalArgumentException("alert rules file " + file + " is not valid: " + e.detail(), e);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException("alert rules file " + file + " is not valid: " + cause.getMessage(), e);
        }
    }
}
