package dev.crystal.server.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who is calling, as established from their API key (never from what the request says about itself).
 *
 * @param keyId     the key's id, unique
 * @param name      the key holder's name
 * @param role      what the key may do
 * @param customers the only customers a client key may read and settle for; empty: any
 */
public record Principal(String keyId, String name, Role role, Set<String> customers) {
    public Principal {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        customers = Set.copyOf(customers);
    }

    /**
     * The identity recorded in audits and approvals, {@code name#keyId}: two different keys never share one, so
     * comparing identities compares key ids (the four-eyes rule), whatever the names look like.
     */
    public String identity() {
        return name + "#" + keyId;
    }

    /** Whether this key may read or settle for {@code customerId}: only client keys with a customer list are limited. */
    public boolean mayAct(String customerId) {
        return role != Role.CLIENT || customers.isEmpty() || customers.contains(customerId);
    }

    /** Whether a name the request carries ({@code ?by=}, {@code requestedBy}…) is this key's name or identity. */
    public boolean isCalled(String claimed) {
        return name.equals(claimed) || identity().equals(claimed);
    }
}
