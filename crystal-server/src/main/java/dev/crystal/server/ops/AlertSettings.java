package dev.crystal.server.ops;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.crystal.wire.SafeYaml;
import dev.crystal.wire.WireException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Thresholds of the alert rules and their hysteresis, immutable and validated, with the seed's defaults. Can be
 * read from a YAML file whose keys are the component names (all optional), e.g. {@code p99LatencyMs: 250} or
 * {@code window: 10s} (durations as {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, or ISO-8601 {@code PT10S}).
 *
 * @param p99LatencyMs         HIGH_LATENCY above this p99 (ms) of a worker or of HTTP
 * @param errorRate            HIGH_ERROR_RATE above this failure ratio (0..1)
 * @param minMessages          latency and error-rate rules judge a worker only with at least this many messages in the window
 * @param mailboxFill          MAILBOX_NEARLY_FULL above this fill ratio (0..1)
 * @param restartWindow        WORKER_RESTARTING while a restart happened within this span
 * @param queueGrowthJobs      QUEUE_DEPTH_GROWING when a queue's backlog trend (least-squares line) rises by more
 *                             than this many jobs over {@code queueGrowthWindow}
 * @param queueGrowthWindow    span of the backlog trend
 * @param fireAfter            a condition must hold this long without a break before its alert fires (pending before)
 * @param resolveAfter         an active alert resolves only after its condition has been clear this long without a
 *                             break; at least {@code window}, so no rule can flap faster than its window
 * @param resolveRatio         an active alert's condition counts as clear only below {@code threshold × resolveRatio}
 *                             (0..1]: a figure hovering around its limit does not fire and resolve in turn
 * @param window               sliding window for rates and percentiles
 * @param interval             how often the rules are evaluated (and the dashboard updated)
 */
public record AlertSettings(double p99LatencyMs, double errorRate, long minMessages, double mailboxFill,
                            Duration restartWindow, long queueGrowthJobs, Duration queueGrowthWindow,
                            Duration fireAfter, Duration resolveAfter, double resolveRatio, Duration window,
                            Duration interval) {
    public static final double DEFAULT_P99_LATENCY_MS = 100;
    public static final double DEFAULT_ERROR_RATE = 0.01;
    public static final long DEFAULT_MIN_MESSAGES = 20;
    public static final double DEFAULT_MAILBOX_FILL = 0.8;
    public static final Duration DEFAULT_RESTART_WINDOW = Duration.ofMinutes(1);
    public static final long DEFAULT_QUEUE_GROWTH_JOBS = 20;
    public static final Duration DEFAULT_QUEUE_GROWTH_WINDOW = Duration.ofSeconds(30);
    public static final Duration DEFAULT_FIRE_AFTER = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RESOLVE_AFTER = Duration.ofSeconds(30);
    public static final double DEFAULT_RESOLVE_RATIO = 0.8;
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(5);
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

    @JsonCreator
    public AlertSettings(@JsonProperty("p99LatencyMs") Double p99LatencyMs, @JsonProperty("errorRate") Double errorRate,
                         @JsonProperty("minMessages") Long minMessages, @JsonProperty("mailboxFill") Double mailboxFill,
                         @JsonProperty("restartWindow") Duration restartWindow,
                         @JsonProperty("queueGrowthJobs") Long queueGrowthJobs,
                         @JsonProperty("queueGrowthWindow") Duration queueGrowthWindow,
                         @JsonProperty("fireAfter") Duration fireAfter,
                         @JsonProperty("resolveAfter") Duration resolveAfter,
                         @JsonProperty("resolveRatio") Double resolveRatio,
                         @JsonProperty("window") Duration window, @JsonProperty("interval") Duration interval) {
        this(p99LatencyMs == null ? DEFAULT_P99_LATENCY_MS : p99LatencyMs,
                errorRate == null ? DEFAULT_ERROR_RATE : errorRate,
                minMessages == null ? DEFAULT_MIN_MESSAGES : minMessages,
                mailboxFill == null ? DEFAULT_MAILBOX_FILL : mailboxFill,
                restartWindow == null ? DEFAULT_RESTART_WINDOW : restartWindow,
                queueGrowthJobs == null ? DEFAULT_QUEUE_GROWTH_JOBS : queueGrowthJobs,
                queueGrowthWindow == null ? DEFAULT_QUEUE_GROWTH_WINDOW : queueGrowthWindow,
                fireAfter == null ? DEFAULT_FIRE_AFTER : fireAfter,
                resolveAfter == null ? defaultResolveAfter(window) : resolveAfter,
                resolveRatio == null ? DEFAULT_RESOLVE_RATIO : resolveRatio,
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
        if (queueGrowthJobs < 1) {
            throw new IllegalArgumentException("queueGrowthJobs must be at least 1, was " + queueGrowthJobs);
        }
        requirePositive("window", window);
        requirePositive("interval", interval);
        requirePositive("queueGrowthWindow", queueGrowthWindow);
        if (interval.compareTo(window) > 0) {
            throw new IllegalArgumentException("interval " + interval + " must not exceed window " + window);
        }
        if (queueGrowthWindow.compareTo(interval.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("queueGrowthWindow " + queueGrowthWindow
                    + " must span at least three intervals (" + interval.multipliedBy(3) + ") to show a trend");
        }
        if (fireAfter == null || fireAfter.isNegative()) {
            throw new IllegalArgumentException("fireAfter must be zero or a positive duration, was " + fireAfter);
        }
        requirePositive("resolveAfter", resolveAfter);
        if (resolveAfter.compareTo(window) < 0) {
            throw new IllegalArgumentException("resolveAfter " + resolveAfter + " must be at least the window "
                    + window + ": an alert must not resolve faster than the figures it is judged on can change");
        }
        if (!(resolveRatio > 0 && resolveRatio <= 1)) {
            throw new IllegalArgumentException("resolveRatio must be within (0, 1], was " + resolveRatio);
        }
    }

    private static Duration defaultResolveAfter(Duration window) {
        return window != null && window.compareTo(DEFAULT_RESOLVE_AFTER) > 0 ? window : DEFAULT_RESOLVE_AFTER;
    }

    /** The same settings with another hysteresis (tests, and the {@code alerts:} section of crystal.yaml). */
    public AlertSettings withHysteresis(Duration fireAfter, Duration resolveAfter, double resolveRatio) {
        return new AlertSettings(p99LatencyMs, errorRate, minMessages, mailboxFill, restartWindow, queueGrowthJobs,
                queueGrowthWindow, fireAfter, resolveAfter, resolveRatio, window, interval);
    }

    /** How much reading history the sampler keeps: the longest span any rule looks back over. */
    public Duration lookBack() {
        Duration longest = window;
        for (Duration d : new Duration[]{restartWindow, queueGrowthWindow}) {
            if (d.compareTo(longest) > 0) {
                longest = d;
            }
        }
        return longest.plus(interval);
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
        }
    }

    /**
     * The seed's thresholds: p99 100 ms, errors 1%, mailbox 80%, restarts within 1 min, a backlog trend rising by
     * 20 jobs over 30 s; fire after 10 s, resolve after 30 s below 80% of the limit.
     */
    public static AlertSettings defaults() {
        return new AlertSettings(DEFAULT_P99_LATENCY_MS, DEFAULT_ERROR_RATE, DEFAULT_MIN_MESSAGES, DEFAULT_MAILBOX_FILL,
                DEFAULT_RESTART_WINDOW, DEFAULT_QUEUE_GROWTH_JOBS, DEFAULT_QUEUE_GROWTH_WINDOW, DEFAULT_FIRE_AFTER,
                DEFAULT_RESOLVE_AFTER, DEFAULT_RESOLVE_RATIO, DEFAULT_WINDOW, DEFAULT_INTERVAL);
    }

    /** Reads settings from a YAML file; missing keys keep their defaults, unknown keys are refused. */
    public static AlertSettings fromYaml(Path file) {
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return defaults();
            }
            // read by the one safe reader (no duplicate keys, tags or alias bombs), then bound to the record
            return fromTree(SafeYaml.withDefaults().read(text));
        } catch (WireException e) {
            throw new IllegalArgumentException("alert rules file " + file + " is not valid: " + e.detail(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("alert rules file " + file + " is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * Binds a mapping of rule keys (a rules file, or {@code alerts.rules} of crystal.yaml); missing keys keep their
     * defaults.
     *
     * @throws IllegalArgumentException naming the key and the problem
     */
    public static AlertSettings fromTree(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return defaults();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("alert rules must be a mapping of rule keys, was " + node);
        }
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        for (String key : DURATION_KEYS) {
            JsonNode value = copy.get(key);
            if (value != null && value.isValueNode()) {
                copy.put(key, isoDuration(key, value.asText().trim()));
            }
        }
        try {
            return MAPPER.treeToValue(copy, AlertSettings.class);
        } catch (IOException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            String message = cause.getMessage();
            if (e instanceof UnrecognizedPropertyException u) {
                message = "unknown key '" + u.getPropertyName() + "' (known: " + KNOWN_KEYS + ")";
            }
            throw new IllegalArgumentException(message, e);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory()).findAndRegisterModules()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final List<String> DURATION_KEYS = List.of("restartWindow", "queueGrowthWindow", "fireAfter",
            "resolveAfter", "window", "interval");
    private static final List<String> KNOWN_KEYS = List.of("p99LatencyMs", "errorRate", "minMessages", "mailboxFill",
            "restartWindow", "queueGrowthJobs", "queueGrowthWindow", "fireAfter", "resolveAfter", "resolveRatio",
            "window", "interval");
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    /** {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}, {@code 1d} → ISO-8601; ISO text is kept. */
    private static String isoDuration(String key, String text) {
        Matcher m = SHORT_DURATION.matcher(text);
        if (!m.matches()) {
            if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
                return text;
            }
            throw new IllegalArgumentException(key + " must be a duration such as 500ms, 10s, 5m, 1h or PT10S, was '"
                    + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        return d.toString();
    }
}
