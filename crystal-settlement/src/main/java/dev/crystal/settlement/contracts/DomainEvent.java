package dev.crystal.settlement.contracts;

/**
 * Facts published by a domain to every subscriber. Events are part of the shared message catalogue and know none
 * of their consumers: a domain that consumes them subscribes with an adapter into one of its own messages
 * ({@link Received}).
 */
public sealed interface DomainEvent
        permits SettlementUpdate, SettlementProcessed, SettlementFailed, BalanceUpdated, CommissionCalculated,
        DistributionProcessed, BonusIssued, BonusRedeemed, BonusExpired, AdjustmentPosted, SecurityAlert, NoticeSent {
}
