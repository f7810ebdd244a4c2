package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Address;
import java.util.List;

/**
 * The well-known addresses of the settlement domains, named by {@link DomainNames}.
 */
public final class Addresses {
    public static final Address<BalanceCommand> BALANCE = Address.of(DomainNames.BALANCE, BalanceCommand.class);
    public static final Address<CollectionsCommand> COLLECTIONS =
            Address.of(DomainNames.COLLECTIONS, CollectionsCommand.class);
    public static final Address<DistributionsMessage> DISTRIBUTIONS =
            Address.of(DomainNames.DISTRIBUTIONS, DistributionsMessage.class);
    public static final Address<FreePlayMessage> FREEPLAY = Address.of(DomainNames.FREEPLAY, FreePlayMessage.class);
    public static final Address<AdjustmentsCommand> ADJUSTMENTS =
            Address.of(DomainNames.ADJUSTMENTS, AdjustmentsCommand.class);
    public static final Address<NotificationsMessage> NOTIFICATIONS =
            Address.of(DomainNames.NOTIFICATIONS, NotificationsMessage.class);
    public static final Address<WorkflowMessage> WORKFLOWS = Address.of(DomainNames.WORKFLOWS, WorkflowMessage.class);
    /** Every domain's address, in the order the platform opens them. */
    public static final List<Address<?>> ALL = List.of(BALANCE, COLLECTIONS, NOTIFICATIONS, DISTRIBUTIONS, FREEPLAY,
            ADJUSTMENTS, WORKFLOWS);

    private Addresses() {
    }
}
