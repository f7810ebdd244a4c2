package dev.crystal.wire.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.WireError;
import dev.crystal.wire.WireException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads untrusted YAML into a Jackson tree with every guard on: size, nesting depth and string
 * length limits, at most a few aliases to collections (billion laughs), no duplicate keys, no
 * tags beyond YAML's core scalar/collection tags (no {@code !!java...}, no {@code !<tag:...>}),
 * no merge keys. Immutable and thread-safe.
 */
public final class SafeYamlReader {
    private static final Set<Tag> CORE_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL,
            Tag.MAP, Tag.SEQ, Tag.TIMESTAMP);
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on", "y");
    /**
     * Most digits a YAML number may have written out in full: an extreme exponent such as
     * {@code 1e999999999} is refused here, before anything expands it to a billion digits.
     */
    public static final int MAX_NUMBER_DIGITS = 40;

    private final DecoderLimits limits;
    private final boolean exactNumbers;

    /** A reader enforcing the limits; numbers stay text for the record mapper to convert. */
    public SafeYamlReader(DecoderLimits limits) {
        this(limits, false);
    }

    /**
     * A reader enforcing the limits; with {@code exactNumbers}, int and float scalars become exact
     * decimal number nodes (never a double), for callers that forward the tree as JSON.
     */
    public SafeYamlReader(DecoderLimits limits, boolean exactNumbers) {
        this.limits = limits;
        this.exactNumbers = exactNumbers;
    }

    /** Reads UTF-8 YAML bytes. */
    public JsonNode read(byte[] utf8) {
        if (utf8.length > limits.maxBodyBytes()) {
            throw new WireException(WireError.LIMIT_EXCEEDED,
                    "YAML of " + utf8.length + " bytes exceeds the limit of " + limits.maxBodyBytes());
        }
        return read(new String(utf8, StandardCharsets.UTF_8));
    }

    /** Reads one YAML document. */
    public JsonNode read(String text) {
        if (text.length() > limits.maxBodyBytes()) {
            throw new WireException(WireError.LIMIT_EXCEEDED,
                    "YAML of " + text.length() + " characters exceeds the limit of " + limits.maxBodyBytes());
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setMaxAliasesForCollections(limits.maxYamlAliases());
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit(Math.max(limits.maxBodyBytes(), 1));
        options.setMergeOnCompose(false);
        options.setTagInspector(tag -> false);
        Node root;
        try {
            Composer composer = new Composer(new ParserImpl(new StreamReader(new StringReader(text)), options),
                    new Resolver(), options);
            root = composer.getSingleNode();
        } catch (YAMLException e) {
            throw classify(e);
        }
        if (root == null) {
            throw new WireException(WireError.MALFORMED_BODY, "the YAML document is empty");
        }
        return convert(root, 0, new int[]{0});
    }

    private static WireException classify(YAMLException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("aliases")) {
            return new WireException(WireError.FORBIDDEN_YAML, "too many aliases: " + firstLine(message), e);
        }
        if (lower.contains("nesting depth")) {
            return new WireException(WireError.LIMIT_EXCEEDED, "nesting too deep: " + firstLine(message), e);
        }
        if (lower.contains("exceeds the limit")) {
            return new WireException(WireError.LIMIT_EXCEEDED, firstLine(message), e);
        }
        if (lower.contains("global tag") || lower.contains("duplicate key")) {
            return new WireException(WireError.FORBIDDEN_YAML, firstLine(message), e);
        }
        if (lower.contains("recursive key")) {
            return new WireException(WireError.FORBIDDEN_YAML, firstLine(message), e);
        }
        return new WireException(WireError.MALFORMED_BODY, "invalid YAML: " + message.strip(), e);
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private JsonNode convert(Node node, int depth, int[] nodeCount) {
        if (depth > limits.maxNestingDepth()) {
            throw new WireException(WireError.LIMIT_EXCEEDED,
                    "nesting depth exceeds the limit of " + limits.maxNestingDepth());
        }
        // aliases can make a small document expand; bound the expanded tree too
        if (++nodeCount[0] > limits.maxBodyBytes()) {
            throw new WireException(WireError.LIMIT_EXCEEDED, "the YAML document expands to too many values");
        }
        Tag tag = node.getTag();
        if (!CORE_TAGS.contains(tag)) {
            throw new WireException(WireError.FORBIDDEN_YAML, "tag " + tag.getValue() + " is not allowed"
                    + at(node));
        }
        return switch (node) {
            case ScalarNode scalar -> scalar(scalar, tag);
            case SequenceNode sequence -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode(sequence.getValue().size());
                for (Node item : sequence.getValue()) {
                    array.add(convert(item, depth + 1, nodeCount));
                }
                yield array;
            }
            case MappingNode mapping -> {
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                for (NodeTuple tuple : mapping.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode keyNode) || !CORE_TAGS.contains(keyNode.getTag())) {
                        throw new WireException(WireError.FORBIDDEN_YAML,
                                "only plain scalar keys are allowed (no merge keys, no complex keys)" + at(tuple.getKeyNode()));
                    }
                    String key = keyNode.getValue();
                    if (object.has(key)) {
                        throw new WireException(WireError.FORBIDDEN_YAML, "duplicate key '" + key + "'" + at(keyNode));
                    }
                    object.set(key, convert(tuple.getValueNode(), depth + 1, nodeCount));
                }
                yield object;
            }
            default -> throw new WireException(WireError.MALFORMED_BODY, "unsupported YAML node" + at(node));
        };
    }

    private JsonNode scalar(ScalarNode scalar, Tag tag) {
        String value = scalar.getValue();
        if (value.length() > limits.maxStringLength()) {
            throw new WireException(WireError.LIMIT_EXCEEDED, "a string of " + value.length()
                    + " characters exceeds the limit of " + limits.maxStringLength() + at(scalar));
        }
        if (tag.equals(Tag.NULL)) {
            return NullNode.getInstance();
        }
        if (tag.equals(Tag.BOOL)) {
            return BooleanNode.valueOf(TRUE_WORDS.contains(value.toLowerCase(Locale.ROOT)));
        }
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            BigDecimal decimal;
            try {
                decimal = new BigDecimal(value.replace("_", ""));
            } catch (NumberFormatException notDecimal) {
                return TextNode.valueOf(value); // e.g. .inf or 0x1F: left as written
            }
            long digits = Math.max(1L, (long) decimal.precision() - decimal.scale()) + Math.max(0L, decimal.scale());
            if (digits > MAX_NUMBER_DIGITS) {
                throw new WireException(WireError.LIMIT_EXCEEDED, "the number " + (value.length() > 40
                        ? value.substring(0, 40) + "…" : value) + " is too large or too precise: more than "
                        + MAX_NUMBER_DIGITS + " digits written out" + at(scalar));
            }
            if (exactNumbers) {
                return JsonNodeFactory.withExactBigDecimals(true).numberNode(decimal);
            }
        }
        // numbers and timestamps stay text; Jackson converts them exactly into the record's field type
        return TextNode.valueOf(value);
    }

    private static String at(Node node) {
        return node.getStartMark() == null ? "" : " (line " + (node.getStartMark().getLine() + 1) + ")";
    }
}
