package dev.crystal.settlement.catalogue;

import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * Quotes every string a YAML 1.1 reader could take for a number (e.g. {@code 1_000}, {@code +5},
 * {@code .5}): anything starting with a digit, sign or dot, besides Jackson's own cases. Stateless.
 */
final class CautiousYamlQuoting extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean needToQuoteValue(String value) {
        if (!value.isEmpty() && "0123456789+-.".indexOf(value.charAt(0)) >= 0) {
            return true;
        }
        return super.needToQuoteValue(value);
    }
}
