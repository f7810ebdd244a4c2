package dev.crystal.redis.transport;

import java.util.regex.Pattern;

/**
 * The key layout: destination {@code d} is the stream {@code <prefix>:{d}} and its dead letters the stream
 * {@code <prefix>:{d}:dead}. The destination is the hash tag, so a destination's two keys share a cluster slot
 * (scripts touch both) while different destinations spread over the cluster. Immutable.
 *
 * @param prefix the settings' key prefix
 */
record StreamKeys(String prefix) {
    private static final Pattern DESTINATION = Pattern.compile("[A-Za-z0-9_.:-]+");

    /** The stream of a destination. */
    String stream(String destination) {
        return prefix + ":{" + check(destination) + "}";
    }

    /** The dead-letter stream of a destination. */
    String dead(String destination) {
        return stream(destination) + ":dead";
    }

    /** Both keys of a destination, stream first, as scripts take them. */
    String[] both(String destination) {
        return new String[] {stream(destination), dead(destination)};
    }

    private static String check(String destination) {
        if (destination == null || !DESTINATION.matcher(destination).matches()) {
            throw new IllegalArgumentException("destination must be letters, digits and _.:- but was '"
                    + destination + "'");
        }
        return destination;
    }
}
