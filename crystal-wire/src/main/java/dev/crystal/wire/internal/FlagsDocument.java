package dev.crystal.wire.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The YAML shape of the wire flags section (see docs/messages.md). Absent values take the
 * defaults. Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FlagsDocument(Boolean fallback, Codec codec, Compression compression, Batching batching,
                            Map<String, Scope> domains, Map<String, Scope> routes) {

    /** Flags of one domain or route. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Scope(Codec codec, Compression compression, Batching batching) {
    }

    /** The codec flag. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Codec(Boolean enabled, String codec, Integer rolloutPercentage, String fallback) {
    }

    /** The compression flag. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Compression(Boolean enabled, String algorithm, Integer thresholdBytes, Integer rolloutPercentage) {
    }

    /** The batching flag. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Batching(Boolean enabled, Integer maxMessages, Long maxDelayMillis, Integer rolloutPercentage) {
    }
}
