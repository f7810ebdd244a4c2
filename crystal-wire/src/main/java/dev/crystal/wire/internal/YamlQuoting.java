package dev.crystal.wire.internal;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Quotes every string that the YAML reader would otherwise resolve to something else (a number such as
 * {@code 1e3} or {@code 1_000}, a boolean such as {@code yes}, null), besides Jackson's own cases,
 * so every string reads back exactly as written. Stateless; the resolver is only read.
 */
final class YamlQuoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;
    private static final Resolver RESOLVER = new Resolver();

    @Override
    public boolean needToQuoteValue(String value) {
        if (!value.isEmpty()) {
            Tag resolved = RESOLVER.resolve(NodeId.scalar, value, true);
            // timestamps are read back as text, so ISO-8601 times stay unquoted as in the contract format
            if (!Tag.STR.equals(resolved) && !Tag.TIMESTAMP.equals(resolved)) {
                return true;
            }
        }
        return super.needToQuoteValue(value);
    }
}
