package dev.crystal.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.wire.internal.FlagsDocument;
import dev.crystal.wire.internal.JacksonMappers;
import dev.crystal.wire.internal.SafeYamlReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the wire flags section of {@code crystal.yaml} into a {@link WireFlagSnapshot} and
 * renders a snapshot back as YAML. Unknown keys and bad values fail with the offending path.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * codec:       {enabled: true, codec: yaml, rolloutPercentage: 10, fallback: binary}
 * compression: {enabled: true, algorithm: lz4, thresholdBytes: 1024, rolloutPercentage: 100}
 * batching:    {enabled: false, maxMessages: 10, maxDelayMillis: 100, rolloutPercentage: 100}
 * domains:
 *   collections: {codec: {enabled: true, codec: json, rolloutPercentage: 50, fallback: binary}}
 * routes:
 *   collections->balance: {batching: {enabled: true}}
 * }</pre>
 */
public final class WireFlagsYaml {
    private final ObjectMapper mapper;
    private final SafeYamlReader reader;

    /** A reader with default limits. */
    public WireFlagsYaml() {
        this.mapper = JacksonMappers.yaml().copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.reader = new SafeYamlReader(DecoderLimits.defaults());
    }

    /**
     * Parses a YAML flags section.
     *
     * @throws IllegalArgumentException naming the offending key or value
     */
    public WireFlagSnapshot read(String yaml) {
        try {
            return read(reader.read(yaml));
        } catch (WireException e) {
            throw new IllegalArgumentException("wire flags: " + e.detail(), e);
        }
    }

    /**
     * Parses a flags section already read as a tree, e.g. the {@code wire.flags} node of crystal.yaml.
     *
     * @throws IllegalArgumentException naming the offending key or value
     */
    public WireFlagSnapshot read(JsonNode section) {
        FlagsDocument document;
        try {
            document = section == null || section.isNull() ? null : mapper.treeToValue(section, FlagsDocument.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("wire flags: " + e.getOriginalMessage(), e);
        }
        if (document == null) {
            return WireFlagSnapshot.defaults();
        }
        Map<FlagScope, CodecFlag> codec = new HashMap<>();
        Map<FlagScope, CompressionFlag> compression = new HashMap<>();
        Map<FlagScope, BatchingFlag> batching = new HashMap<>();
        codec.put(FlagScope.global(), codec(document.codec(), CodecFlag.defaults(), "codec"));
        compression.put(FlagScope.global(), compression(document.compression(), CompressionFlag.defaults(), "compression"));
        batching.put(FlagScope.global(), batching(document.batching(), BatchingFlag.defaults(), "batching"));
        if (document.domains() != null) {
            document.domains().forEach((name, scope) -> addScope(FlagScope.domain(name), "domains." + name, scope,
                    codec, compression, batching));
        }
        if (document.routes() != null) {
            document.routes().forEach((name, scope) -> addScope(parseRoute(name), "routes." + name, scope,
                    codec, compression, batching));
        }
        return new WireFlagSnapshot(0, Boolean.TRUE.equals(document.fallback()), codec, compression, batching);
    }

    /** The snapshot as a YAML flags section, readable by {@link #read(String)}. */
    public String render(WireFlagSnapshot snapshot) {
        Map<String, FlagsDocument.Scope> domains = new TreeMap<>();
        Map<String, FlagsDocument.Scope> routes = new TreeMap<>();
        Map<FlagScope, FlagsDocument.Scope> scoped = new LinkedHashMap<>();
        snapshot.codec().keySet().forEach(scope -> scoped.put(scope, null));
        snapshot.compression().keySet().forEach(scope -> scoped.put(scope, null));
        snapshot.batching().keySet().forEach(scope -> scoped.put(scope, null));
        for (FlagScope scope : scoped.keySet()) {
            FlagsDocument.Scope document = new FlagsDocument.Scope(codecDocument(snapshot.codec().get(scope)),
                    compressionDocument(snapshot.compression().get(scope)), batchingDocument(snapshot.batching().get(scope)));
            switch (scope) {
                case FlagScope.Domain domain -> domains.put(domain.name(), document);
                case FlagScope.Route route -> routes.put(route.name(), document);
                case FlagScope.Global global -> { }
            }
        }
        FlagsDocument document = new FlagsDocument(snapshot.fallbackActive() ? Boolean.TRUE : null,
                codecDocument(snapshot.codec().get(FlagScope.global())),
                compressionDocument(snapshot.compression().get(FlagScope.global())),
                batchingDocument(snapshot.batching().get(FlagScope.global())),
                domains.isEmpty() ? null : domains, routes.isEmpty() ? null : routes);
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render wire flags", e);
        }
    }

    /**
     * One flag value in the flow form of the {@code wire: flags:} layout, as the audit shows it, e.g.
     * {@code {enabled: true, codec: yaml, rolloutPercentage: 50, fallback: binary}}; the fallback switch is
     * {@code true} or {@code false}; no value (a scope inheriting again) is {@code unset}.
     */
    public static String renderValue(Object value) {
        return switch (value) {
            case null -> "unset";
            case CodecFlag f -> "{enabled: " + f.enabled() + ", codec: " + lower(f.codec()) + ", rolloutPercentage: "
                    + f.rolloutPercentage() + ", fallback: " + lower(f.fallback()) + "}";
            case CompressionFlag f -> "{enabled: " + f.enabled() + ", algorithm: " + lower(f.algorithm())
                    + ", thresholdBytes: " + f.thresholdBytes() + ", rolloutPercentage: " + f.rolloutPercentage() + "}";
            case BatchingFlag f -> "{enabled: " + f.enabled() + ", maxMessages: " + f.maxMessages()
                    + ", maxDelayMillis: " + f.maxDelay().toMillis() + ", rolloutPercentage: " + f.rolloutPercentage()
                    + "}";
            case Boolean b -> b.toString();
            default -> throw new IllegalArgumentException("not a wire flag value: " + value.getClass().getName());
        };
    }

    private static FlagScope parseRoute(String name) {
        try {
            return FlagScope.parse("route:" + name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wire flags: routes." + name + ": " + e.getMessage(), e);
        }
    }

    private static void addScope(FlagScope scope, String path, FlagsDocument.Scope document,
                                 Map<FlagScope, CodecFlag> codec, Map<FlagScope, CompressionFlag> compression,
                                 Map<FlagScope, BatchingFlag> batching) {
        if (document == null) {
            return;
        }
        if (document.codec() != null) {
            codec.put(scope, codec(document.codec(), codec.get(FlagScope.global()), path + ".codec"));
        }
        if (document.compression() != null) {
            compression.put(scope, compression(document.compression(), compression.get(FlagScope.global()),
                    path + ".compression"));
        }
        if (document.batching() != null) {
            batching.put(scope, batching(document.batching(), batching.get(FlagScope.global()), path + ".batching"));
        }
    }

    private static CodecFlag codec(FlagsDocument.Codec document, CodecFlag base, String path) {
        if (document == null) {
            return base;
        }
        try {
            return new CodecFlag(or(document.enabled(), base.enabled()),
                    document.codec() == null ? base.codec() : CodecId.fromName(document.codec()),
                    or(document.rolloutPercentage(), base.rolloutPercentage()),
                    document.fallback() == null ? base.fallback() : CodecId.fromName(document.fallback()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wire flags: " + path + ": " + e.getMessage(), e);
        }
    }

    private static CompressionFlag compression(FlagsDocument.Compression document, CompressionFlag base, String path) {
        if (document == null) {
            return base;
        }
        try {
            return new CompressionFlag(or(document.enabled(), base.enabled()),
                    document.algorithm() == null ? base.algorithm() : CompressionId.fromName(document.algorithm()),
                    or(document.thresholdBytes(), base.thresholdBytes()),
                    or(document.rolloutPercentage(), base.rolloutPercentage()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wire flags: " + path + ": " + e.getMessage(), e);
        }
    }

    private static BatchingFlag batching(FlagsDocument.Batching document, BatchingFlag base, String path) {
        if (document == null) {
            return base;
        }
        try {
            return new BatchingFlag(or(document.enabled(), base.enabled()),
                    or(document.maxMessages(), base.maxMessages()),
                    document.maxDelayMillis() == null ? base.maxDelay() : Duration.ofMillis(document.maxDelayMillis()),
                    or(document.rolloutPercentage(), base.rolloutPercentage()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("wire flags: " + path + ": " + e.getMessage(), e);
        }
    }

    private static <V> V or(V value, V otherwise) {
        return value == null ? otherwise : value;
    }

    private static FlagsDocument.Codec codecDocument(CodecFlag flag) {
        return flag == null ? null : new FlagsDocument.Codec(flag.enabled(), lower(flag.codec()),
                flag.rolloutPercentage(), lower(flag.fallback()));
    }

    private static FlagsDocument.Compression compressionDocument(CompressionFlag flag) {
        return flag == null ? null : new FlagsDocument.Compression(flag.enabled(), lower(flag.algorithm()),
                flag.thresholdBytes(), flag.rolloutPercentage());
    }

    private static FlagsDocument.Batching batchingDocument(BatchingFlag flag) {
        return flag == null ? null : new FlagsDocument.Batching(flag.enabled(), flag.maxMessages(),
                flag.maxDelay().toMillis(), flag.rolloutPercentage());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
