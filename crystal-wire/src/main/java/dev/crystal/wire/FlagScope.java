package dev.crystal.wire;

import java.util.Objects;

/**
 * Where a flag value applies. Resolution for a message from {@code source} to {@code target}:
 * the route {@code source->target}, else the target's domain, else the source's domain, else global.
 * Immutable.
 */
public sealed interface FlagScope {

    /** Every message. */
    static FlagScope global() {
        return Global.INSTANCE;
    }

    /** Messages to or from a domain (address name), e.g. {@code collections}. */
    static FlagScope domain(String name) {
        return new Domain(name);
    }

    /** Messages on one route, e.g. {@code collections->balance}. */
    static FlagScope route(String source, String target) {
        return new Route(source + "->" + target);
    }

    /** Parses {@code global}, {@code domain:NAME} or {@code route:SOURCE->TARGET}. */
    static FlagScope parse(String text) {
        String value = text.trim();
        if (value.equals("global")) {
            return global();
        }
        if (value.startsWith("domain:")) {
            return new Domain(value.substring("domain:".length()));
        }
        if (value.startsWith("route:")) {
            return new Route(value.substring("route:".length()));
        }
        throw new IllegalArgumentException("scope must be global, domain:NAME or route:SOURCE->TARGET, was '" + text + "'");
    }

    /** The global scope. */
    enum Global implements FlagScope {
        /** The only instance. */
        INSTANCE;

        @Override
        public String toString() {
            return "global";
        }
    }

    /**
     * A domain scope.
     *
     * @param name domain (address) name
     */
    record Domain(String name) implements FlagScope {
        public Domain {
            if (Objects.requireNonNull(name, "name").isBlank()) {
                throw new IllegalArgumentException("domain name must not be blank");
            }
        }

        @Override
        public String toString() {
            return "domain:" + name;
        }
    }

    /**
     * A route scope.
     *
     * @param name {@code SOURCE->TARGET}
     */
    record Route(String name) implements FlagScope {
        public Route {
            if (!Objects.requireNonNull(name, "name").matches("[^\\s>]+->[^\\s>]+")) {
                throw new IllegalArgumentException("route must look like SOURCE->TARGET, was '" + name + "'");
            }
        }

        @Override
        public String toString() {
            return "route:" + name;
        }
    }
}
