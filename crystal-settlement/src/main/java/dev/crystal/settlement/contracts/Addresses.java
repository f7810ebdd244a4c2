package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Address;
import java.util.List;

/**
 * The well-known addresses of the settlement domains: the one source of the domains' names, which name their
 * workers, their database files and schemas, their entries in the message catalogue and their cluster placement.
 */
public final class Addresses {
    public static final Address<BalanceCommand> BALANCE = Address.of("balance", BalanceCommand.class);
    public static final Address<CollectionsCommand> COLLECTIONS = Address.of("collections", CollectionsCommand.class);
    public static final Address<DistributionsMessage> DISTRIBUTIONS =
            Address.of("distributions", DistributionsMessage.class);
    public static final Address<FreePlayMessage> FREEPLAY = Address.of("freeplay", FreePlayMessage.class);
    public static final Address<AdjustmentsCommand> ADJUSTMENTS = Address.of("adjustments", AdjustmentsCommand.class);
    public static final Address<NotificationsMessage> NOTIFICATIONS =
            Address.of("notifications", NotificationsMessage.class);
    public static final Address<WorkflowMessage> WORKFLOWS = Address.of("workflows", WorkflowMessage.class);
    /** Every domain's address, in the order the platform opens them. */
    public static final List<Address<?>> ALL = List.of(BALANCE, COLLECTIONS, NOTIFICATIONS, DISTRIBUTIONS, FREEPLAY,
            ADJUSTMENTS, WORKFLOWS);

    private Addresses() {
    }
}
