package dev.crystal.settlement.contracts;

import dev.crystal.runtime.Address;

/** The well-known addresses of the settlement domains. */
public final class Addresses {
    public static final Address<BalanceCommand> BALANCE = Address.of("balance", BalanceCommand.class);
    public static final Address<CollectionsCommand> COLLECTIONS = Address.of("collections", CollectionsCommand.class);
    public static final Address<NotificationsMessage> NOTIFICATIONS =
            Address.of("notifications", NotificationsMessage.class);

    private Addresses() {
    }
}
