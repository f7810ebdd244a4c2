package dev.crystal.settlement.contracts;

/**
 * Facts published by a domain to every subscriber. Events are part of the shared message
 * catalogue; the domains that consume them list this interface among their inputs.
 */
public sealed interface DomainEvent extends NotificationsMessage, DistributionsMessage, FreePlayMessage,
        WorkflowMessage
        permits SettlementUpdate, SettlementProcessed, SettlementFailed, BalanceUpdated, CommissionCalculated,
        DistributionProcessed, BonusIssued, BonusRedeemed, BonusExpired, AdjustmentPosted, SecurityAlert, NoticeSent {
}
