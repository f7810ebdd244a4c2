package dev.crystal.settlement.catalogue;

import dev.crystal.runtime.MessageNames;
import dev.crystal.settlement.contracts.AdjustmentPosted;
import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.BonusExpired;
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.contracts.BonusRedeemed;
import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.contracts.DistributionProcessed;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.DomainNames;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.settlement.contracts.SecurityAlert;
import dev.crystal.settlement.contracts.SettlementFailed;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementUpdate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every message type of the platform by its stable name (the one name of {@link MessageNames}: the
 * runtime's envelope type, the wire registry's name, what {@code crystal decode} and {@code tail} print), with its record class, the domain that
 * emits it, and each domain's actions with the types they emit. All tables are immutable constants,
 * so the catalogue is safe to read from any thread.
 */
public final class MessageCatalogue {

    public static final String COLLECTIONS = DomainNames.COLLECTIONS;
    public static final String BALANCE = DomainNames.BALANCE;
    public static final String DISTRIBUTIONS = DomainNames.DISTRIBUTIONS;
    public static final String FREEPLAY = DomainNames.FREEPLAY;
    public static final String ADJUSTMENTS = DomainNames.ADJUSTMENTS;
    public static final String NOTIFICATIONS = DomainNames.NOTIFICATIONS;

    private static final List<MessageType> TYPES = List.of(
            MessageType.of(SettlementUpdate.class, COLLECTIONS),
            MessageType.of(SettlementProcessed.class, COLLECTIONS),
            MessageType.of(SettlementFailed.class, COLLECTIONS),
            MessageType.of(BalanceUpdated.class, BALANCE),
            MessageType.of(CommissionCalculated.class, DISTRIBUTIONS),
            MessageType.of(DistributionProcessed.class, DISTRIBUTIONS),
            MessageType.of(BonusIssued.class, FREEPLAY),
            MessageType.of(BonusRedeemed.class, FREEPLAY),
            MessageType.of(BonusExpired.class, FREEPLAY),
            MessageType.of(AdjustmentPosted.class, ADJUSTMENTS),
            MessageType.of(SecurityAlert.class, ADJUSTMENTS),
            MessageType.of(NoticeSent.class, NOTIFICATIONS));

    private static final List<DomainAction> ACTIONS = List.of(
            new DomainAction(COLLECTIONS, "process_settlement",
                    List.of("SETTLEMENT_UPDATE", "SETTLEMENT_PROCESSED", "SETTLEMENT_FAILED")),
            new DomainAction(COLLECTIONS, "retry_settlement",
                    List.of("SETTLEMENT_UPDATE", "SETTLEMENT_PROCESSED", "SETTLEMENT_FAILED")),
            new DomainAction(BALANCE, "update_balance", List.of("BALANCE_UPDATED")),
            new DomainAction(DISTRIBUTIONS, "calculate_commission", List.of("COMMISSION_CALCULATED")),
            new DomainAction(DISTRIBUTIONS, "process_distribution", List.of("DISTRIBUTION_PROCESSED")),
            new DomainAction(FREEPLAY, "issue_bonus", List.of("BONUS_ISSUED")),
            new DomainAction(FREEPLAY, "redeem_bonus", List.of("BONUS_REDEEMED")),
            new DomainAction(FREEPLAY, "expire_bonus", List.of("BONUS_EXPIRED")),
            new DomainAction(ADJUSTMENTS, "post_adjustment", List.of("ADJUSTMENT_POSTED")),
            new DomainAction(ADJUSTMENTS, "raise_security_alert", List.of("SECURITY_ALERT")),
            new DomainAction(NOTIFICATIONS, "notify", List.of("NOTICE_SENT")));

    private static final Map<String, MessageType> BY_NAME = TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(MessageType::name, Function.identity()));
    private static final Map<Class<?>, MessageType> BY_CLASS = TYPES.stream()
            .collect(Collectors.toUnmodifiableMap(MessageType::recordClass, Function.identity()));
    private static final Map<String, List<DomainAction>> ACTIONS_BY_DOMAIN = ACTIONS.stream()
            .collect(Collectors.groupingBy(DomainAction::domain, LinkedHashMap::new, Collectors.toUnmodifiableList()));

    private MessageCatalogue() {
    }

    /** Every message type, in catalogue order. */
    public static List<MessageType> types() {
        return TYPES;
    }

    /**
     * Looks a type up by its name: {@code SETTLEMENT_PROCESSED}, or the seed's file-style
     * {@code settlement-processed.yaml} (also without the extension, and in either case).
     */
    public static Optional<MessageType> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String stem = name.strip();
        for (String extension : List.of(".yaml", ".yml")) {
            if (stem.toLowerCase(Locale.ROOT).endsWith(extension)) {
                stem = stem.substring(0, stem.length() - extension.length());
            }
        }
        return Optional.ofNullable(BY_NAME.get(stem.replace('-', '_').toUpperCase(Locale.ROOT)));
    }

    /** Looks a type up by its record class. */
    public static Optional<MessageType> byClass(Class<?> recordClass) {
        return Optional.ofNullable(BY_CLASS.get(recordClass));
    }

    /** The type of an event; every {@link DomainEvent} record is in the catalogue. */
    public static MessageType typeOf(DomainEvent event) {
        return byClass(event.getClass()).orElseThrow(() -> new IllegalArgumentException(
                "not in the message catalogue: " + event.getClass().getName()));
    }

    /** The domains that emit messages, in catalogue order. */
    public static List<String> domains() {
        return List.copyOf(ACTIONS_BY_DOMAIN.keySet());
    }

    /** Every action, in catalogue order. */
    public static List<DomainAction> actions() {
        return ACTIONS;
    }

    /** The actions of {@code domain}; empty for an unknown domain. */
    public static List<DomainAction> actionsOf(String domain) {
        return ACTIONS_BY_DOMAIN.getOrDefault(domain, List.of());
    }

    /** One action of one domain, if both exist. */
    public static Optional<DomainAction> action(String domain, String action) {
        return actionsOf(domain).stream().filter(a -> a.name().equals(action)).findFirst();
    }
}
