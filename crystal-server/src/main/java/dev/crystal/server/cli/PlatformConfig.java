package dev.crystal.server.cli;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.server.cache.CacheSettings;
import dev.crystal.server.cluster.ClusterSettings;
import dev.crystal.server.ops.AlertingSettings;
import dev.crystal.store.trace.TraceSettings;
import dev.crystal.wire.BatchingFlag;
import dev.crystal.wire.CodecFlag;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionFlag;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.FlagScope;
import dev.crystal.wire.SafeYaml;
import dev.crystal.wire.WireException;
import dev.crystal.wire.WireFlagSnapshot;
import dev.crystal.wire.WireFlagsYaml;
import dev.crystal.wire.WireSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code crystal.yaml}: its {@code wire: flags:} section (wire feature flags), its {@code cluster:}
 * section (run as one node of a cluster; absent: embedded) and its {@code cache:} section (the read cache). Stateless.
 */
final class PlatformConfig {
    static final Path DEFAULT_FILE = Path.of("crystal.yaml");
    private static final Set<String> KEYS = Set.of("wire", "cluster", "logging", "trace", "cache", "alerts");
    private static final Set<String> CACHE_KEYS = Set.of("enabled", "ttl", "jitter", "maxEntries", "warm");

    private PlatformConfig() {
    }

    /**
     * A configuration document and the name its errors are reported under: a file, or a file with the environment
     * laid over it ({@link ConfigLayers#document()}).
     *
     * @param root   the document's root mapping
     * @param origin the file's path, or what else the values came from
     */
    record Source(JsonNode root, String origin) {
        /** The file {@code file} (or ./crystal.yaml when null and present); null when there is none or it is empty. */
        static Source of(Path file) {
            Path chosen = chosen(file);
            if (chosen == null) {
                return null;
            }
            JsonNode root = PlatformConfig.root(chosen);
            return root == null ? null : new Source(root, chosen.toString());
        }
    }

    /**
     * The cluster settings from {@code file} (or ./crystal.yaml when null and present); empty when the file has no
     * {@code cluster:} section, i.e. the platform runs embedded.
     *
     * @throws IllegalArgumentException naming the file, the key and the problem
     */
    static Optional<ClusterSettings> cluster(Path file) {
        return cluster(Source.of(file));
    }

    /** The cluster settings of {@code source} (null: none); see {@link #cluster(Path)}. */
    static Optional<ClusterSettings> cluster(Source source) {
        if (source == null || !source.root().has("cluster")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClusterConfigYaml.read(source.root().get("cluster")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source.origin() + ": " + e.getMessage());
        }
    }

    /**
     * The {@code alerts:} section (rules, webhook, alertmanager, delivery, history; {@link AlertsConfigYaml}) of
     * {@code file} (or ./crystal.yaml when null and present), else the defaults.
     *
     * @throws IllegalArgumentException naming the file, the key and the problem
     */
    static AlertingSettings alerts(Path file) {
        return alerts(Source.of(file));
    }

    /** The alerting settings of {@code source} (null: none); see {@link #alerts(Path)}. */
    static AlertingSettings alerts(Source source) {
        JsonNode root = source == null ? null : source.root();
        if (root == null || !root.has("alerts")) {
            return AlertingSettings.defaults();
        }
        try {
            return AlertsConfigYaml.read(root.get("alerts"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source.origin() + ": " + e.getMessage());
        }
    }

    private static Path chosen(Path file) {
        return file != null ? file : (Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null);
    }

    /** The document's root mapping, or null for an empty file. */
    private static JsonNode root(Path chosen) {
        JsonNode root;
        String text;
        try {
            text = Files.readString(chosen);
        } catch (IOException e) {
            throw new IllegalArgumentException(chosen + ": cannot read: " + e.getMessage());
        }
        if (text.isBlank()) {
            return null;
        }
        try {
            // the one safe reader: duplicate keys, tags, merge keys, alias bombs and extreme numbers refused
            root = SafeYaml.withDefaults().read(text);
        } catch (WireException e) {
            throw new IllegalArgumentException(chosen + ": " + e.detail());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return null;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(chosen + ": must be a mapping of settings (see crystal config show)");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name) && !ConfigLayers.SERVE_KEYS.contains(name)) {
                throw new IllegalArgumentException(chosen + ": unknown key '" + name + "' (known: "
                        + KEYS.stream().sorted().toList() + ")");
            }
        }
        return root;
    }

    /**
     * The wire flags from {@code file} (or ./crystal.yaml when null and present), else the defaults.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    static WireFlagSnapshot flags(Path file) {
        return flags(Source.of(file));
    }

    /** The wire flags of {@code source} (null: none), else the defaults; see {@link #flags(Path)}. */
    static WireFlagSnapshot flags(Source source) {
        if (source == null) {
            return WireFlagSnapshot.defaults();
        }
        JsonNode root = source.root();
        String chosen = source.origin();
        JsonNode wire = root.path("wire");
        for (Iterator<String> names = wire.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("flags")) {
                throw new IllegalArgumentException(chosen + ": unknown key 'wire." + name + "' (known: wire.flags)");
            }
        }
        JsonNode clusterWire = root.path("cluster").path("wire");
        if (wire.has("flags") && !clusterWire.isMissingNode()) {
            throw new IllegalArgumentException(chosen + ": cluster.wire and wire.flags both set how frames are "
                    + "encoded; keep wire.flags (cluster.wire is the shorthand for its global codec and compression)");
        }
        try {
            if (wire.has("flags")) {
                return new WireFlagsYaml().read(wire.get("flags"));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(chosen + ": " + e.getMessage());
        }
        if (!clusterWire.isMissingNode()) {
            return fromClusterWire(cluster(source).orElseThrow());
        }
        return WireFlagSnapshot.defaults();
    }

    /**
     * The flags {@code cluster.wire: {codec, compression}} stands for: that codec for every frame (fallback
     * binary), that compression from 1 KiB (none: compression off), batching off.
     */
    private static WireFlagSnapshot fromClusterWire(ClusterSettings cluster) {
        CompressionFlag compression = cluster.compression() == CompressionId.NONE
                ? new CompressionFlag(false, CompressionId.LZ4, WireSettings.DEFAULT_COMPRESSION_THRESHOLD, 100)
                : new CompressionFlag(true, cluster.compression(), WireSettings.DEFAULT_COMPRESSION_THRESHOLD, 100);
        return new WireFlagSnapshot(0, false,
                Map.of(FlagScope.global(), new CodecFlag(true, cluster.codec(), 100, CodecId.BINARY)),
                Map.of(FlagScope.global(), compression),
                Map.of(FlagScope.global(), BatchingFlag.defaults()));
    }

    /**
     * The {@code logging:} section ({@code format: text|json}, {@code level: LEVEL}, {@code loggers: {NAME: LEVEL}})
     * of {@code file} (or ./crystal.yaml when null and present), else the defaults.
     *
     * @throws IllegalArgumentException naming the file, the key and the problem
     */
    static LogSettings logging(Path file) {
        return logging(Source.of(file));
    }

    /** The logging settings of {@code source} (null: none); see {@link #logging(Path)}. */
    static LogSettings logging(Source source) {
        JsonNode root = source == null ? null : source.root();
        String chosen = source == null ? "" : source.origin();
        if (root == null || !root.has("logging")) {
            return LogSettings.defaults();
        }
        JsonNode logging = root.get("logging");
        try {
            only(logging, "logging", Set.of("format", "level", "loggers"));
            Map<String, Level> levels = new LinkedHashMap<>();
            if (logging.hasNonNull("level")) {
                levels.put("", LogSettings.level(logging.get("level").asText(), "logging.level"));
            }
            JsonNode loggers = logging.path("loggers");
            for (Iterator<String> names = loggers.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                levels.put(name, LogSettings.level(loggers.get(name).asText(), "logging.loggers." + name));
            }
            return new LogSettings(logging.path("format").asText("text"), levels);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(chosen + ": " + e.getMessage());
        }
    }

    /**
     * The read cache settings from {@code file} (or ./crystal.yaml when null and present): {@code cache: on|off}, or
     * a mapping with {@code enabled} (on/off), {@code ttl}, {@code jitter} (durations such as 30s or 5m),
     * {@code maxEntries} and {@code warm}; what is absent keeps its default.
     *
     * @throws IllegalArgumentException naming the file, the key and the problem
     */
    static CacheSettings cache(Path file) {
        return cache(Source.of(file));
    }

    /** The read cache settings of {@code source} (null: none); see {@link #cache(Path)}. */
    static CacheSettings cache(Source source) {
        JsonNode root = source == null ? null : source.root();
        String chosen = source == null ? "" : source.origin();
        if (root == null || !root.has("cache")) {
            return CacheSettings.defaults();
        }
        JsonNode cache = root.get("cache");
        try {
            if (!cache.isObject()) {
                return CacheSettings.defaults().withEnabled(onOff("cache", cache));
            }
            for (Iterator<String> names = cache.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!CACHE_KEYS.contains(name)) {
                    throw new IllegalArgumentException("unknown key 'cache." + name + "' (known: "
                            + CACHE_KEYS.stream().sorted().map(k -> "cache." + k).toList() + ")");
                }
            }
            CacheSettings settings = CacheSettings.defaults();
            if (cache.has("enabled")) {
                settings = settings.withEnabled(onOff("cache.enabled", cache.get("enabled")));
            }
            if (cache.has("ttl")) {
                settings = settings.withTtl(duration("cache.ttl", cache.get("ttl")));
            }
            if (cache.has("jitter")) {
                settings = settings.withJitter(duration("cache.jitter", cache.get("jitter")));
            }
            if (cache.has("maxEntries")) {
                settings = settings.withMaxEntries(whole("cache.maxEntries", cache.get("maxEntries")));
            }
            if (cache.has("warm")) {
                settings = settings.withWarm(Math.toIntExact(whole("cache.warm", cache.get("warm"))));
            }
            return settings;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException(chosen + ": " + e.getMessage());
        }
    }

    /**
     * The {@code trace:} section ({@code mode: on|off|sample=N}, {@code maxAge: 24h}, {@code maxRows: N}) of
     * {@code file} (or ./crystal.yaml when null and present) over {@code base}.
     *
     * @throws IllegalArgumentException naming the file, the key and the problem
     */
    static TraceSettings trace(Path file, TraceSettings base) {
        return trace(Source.of(file), base);
    }

    /** The trace settings of {@code source} (null: none) over {@code base}; see {@link #trace(Path, TraceSettings)}. */
    static TraceSettings trace(Source source, TraceSettings base) {
        JsonNode root = source == null ? null : source.root();
        String chosen = source == null ? "" : source.origin();
        if (root == null || !root.has("trace")) {
            return base;
        }
        JsonNode trace = root.get("trace");
        try {
            only(trace, "trace", Set.of("mode", "maxAge", "maxRows"));
            var settings = trace.hasNonNull("mode") ? base.withMode(trace.get("mode").asText()) : base;
            Duration age = trace.hasNonNull("maxAge")
                    ? new DurationConverter().convert(trace.get("maxAge").asText()) : settings.maxAge();
            long rows = settings.maxRows();
            if (trace.has("maxRows")) {
                if (!trace.get("maxRows").canConvertToLong()) {
                    throw new IllegalArgumentException("trace.maxRows must be a whole number, was " + trace.get("maxRows"));
                }
                rows = trace.get("maxRows").asLong();
            }
            return settings.withRetention(age, rows);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(chosen + ": " + e.getMessage());
        } catch (Exception e) {
            throw new IllegalArgumentException(chosen + ": trace: " + e.getMessage());
        }
    }

    /** Refuses a section that is not a mapping or has a key outside {@code known}, naming {@code name.key}. */
    static void only(JsonNode section, String name, Set<String> known) {
        if (!section.isObject()) {
            throw new IllegalArgumentException(name + ": must be a mapping with " + known.stream().sorted().toList());
        }
        for (Iterator<String> names = section.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!known.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + name + "." + key + "' (known: "
                        + known.stream().sorted().toList() + ")");
            }
        }
    }

    /** {@code on}/{@code off} (or {@code true}/{@code false}). */
    static boolean onOff(String key, JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return switch (value.isTextual() ? value.textValue().trim().toLowerCase(Locale.ROOT) : "") {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be on or off, was '" + value.asText() + "'");
        };
    }

    private static Duration duration(String key, JsonNode value) {
        try {
            return new DurationConverter().convert(value.asText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
        }
    }

    private static long whole(String key, JsonNode value) {
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        // the safe YAML reader gives scalars as text
        String text = value.isValueNode() ? value.asText().trim() : "";
        if (text.matches("-?\\d{1,18}")) {
            return Long.parseLong(text);
        }
        throw new IllegalArgumentException(key + " must be a whole number, was '" + value.asText() + "'");
    }
}
