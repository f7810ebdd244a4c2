package dev.crystal.wire;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.wire.internal.SafeYamlReader;

/**
 * Reads untrusted YAML (message files, HTTP bodies) into a Jackson tree with every guard on: size,
 * nesting and string limits, at most a few aliases (billion laughs), no duplicate keys, no global
 * tags, no merge keys; numbers stay exact decimals. Immutable and thread-safe.
 */
public final class SafeYaml {
    private final SafeYamlReader reader;

    /** @param exactNumbers int and float scalars become exact decimal numbers (else they stay text) */
    public SafeYaml(DecoderLimits limits, boolean exactNumbers) {
        this.reader = new SafeYamlReader(limits, exactNumbers);
    }

    /** A reader with {@link DecoderLimits#defaults()} whose numbers are exact decimal number nodes. */
    public static SafeYaml withDefaults() {
        return new SafeYaml(DecoderLimits.defaults(), true);
    }

    /**
     * Reads one YAML document.
     *
     * @throws WireException {@link WireError#FORBIDDEN_YAML}, {@link WireError#LIMIT_EXCEEDED} or
     *                       {@link WireError#MALFORMED_BODY} with a message naming the problem
     */
    public JsonNode read(String text) {
        return reader.read(text);
    }
}
