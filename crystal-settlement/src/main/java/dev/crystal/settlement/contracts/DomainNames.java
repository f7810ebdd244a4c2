package dev.crystal.settlement.contracts;

/**
 * The names of the settlement domains, the one source for them: {@link Addresses} names each domain's worker with
 * them, and the message catalogue, the databases and cluster placement use them. Plain constants, so the catalogue
 * can use them without depending on the runtime.
 */
public final class DomainNames {
    public static final String BALANCE = "balance";
    public static final String COLLECTIONS = "collections";
    public static final String NOTIFICATIONS = "notifications";
    public static final String DISTRIBUTIONS = "distributions";
    public static final String FREEPLAY = "freeplay";
    public static final String ADJUSTMENTS = "adjustments";
    public static final String WORKFLOWS = "workflows";

    private DomainNames() {
    }
}
