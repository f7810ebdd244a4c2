package dev.crystal.server.cluster;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.MessageNames;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.spi.ReplyFailed;
import dev.crystal.settlement.catalogue.ContractsJson;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.AdjustmentPosted;
import dev.crystal.settlement.contracts.AdjustmentsCommand;
import dev.crystal.settlement.contracts.BalanceCommand;
import dev.crystal.settlement.contracts.BalanceReply;
import dev.crystal.settlement.contracts.BalanceUpdated;
import dev.crystal.settlement.contracts.BonusExpired;
import dev.crystal.settlement.contracts.BonusIssued;
import dev.crystal.settlement.contracts.BonusRedeemed;
import dev.crystal.settlement.contracts.CollectionsCommand;
import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.contracts.DistributionProcessed;
import dev.crystal.settlement.contracts.DistributionsMessage;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.settlement.contracts.FreePlayMessage;
import dev.crystal.settlement.contracts.NoticeSent;
import dev.crystal.settlement.contracts.NotificationsMessage;
import dev.crystal.settlement.contracts.Received;
import dev.crystal.settlement.contracts.SecurityAlert;
import dev.crystal.settlement.contracts.SettlementFailed;
import dev.crystal.settlement.contracts.SettlementLookup;
import dev.crystal.settlement.contracts.SettlementOutcome;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.contracts.SettlementUpdate;
import dev.crystal.settlement.contracts.WorkflowMessage;
import dev.crystal.wire.CodecSet;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.MessageType;
import dev.crystal.wire.MessageTypeRegistry;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every record that crosses nodes in cluster mode: the commands each domain address takes, the replies its
 * requests expect, the domain events, and {@link ReplyFailed}. Each is registered under its one name
 * ({@link MessageNames#of(Class)}, e.g. {@code SETTLEMENT_PROCESSED}, {@code POST_SETTLEMENT}) — the name the
 * runtime stamps on envelopes and the catalogue uses — with the field constraints of {@link #CONSTRAINTS}, which
 * every frame is checked against when it is written and again when it is read. The JSON and YAML codecs write
 * the contract format ({@link ContractsJson#module()}: money {@code 166.67}, enums {@code payout}). Stateless.
 */
public final class PlatformWireTypes {
    /** The domain addresses a cluster node can run or forward to. */
    public static final List<Address<?>> DOMAIN_ADDRESSES = Addresses.ALL;

    /**
     * Records with no field to constrain (no components, or only lists and nested records whose own types are
     * constrained where they are messages). Every other cross-node record must have an entry in
     * {@link #CONSTRAINTS}; {@link #registry()} fails at start-up otherwise.
     */
    static final Set<Class<?>> UNCONSTRAINED = Set.of(
            CollectionsCommand.ResumePending.class, DistributionsMessage.ResumePayouts.class,
            FreePlayMessage.ExpireDueBonuses.class, FreePlayMessage.ResumeBonuses.class,
            AdjustmentsCommand.ResumeAdjustments.class, NotificationsMessage.RetryPending.class,
            WorkflowMessage.ListDefinitions.class, WorkflowMessage.Definitions.class,
            DistributionsMessage.Calculated.class, DistributionsMessage.Paid.class);

    /** The field constraints of each cross-node record (commands, replies, events). */
    static final Map<Class<?>, Consumer<MessageType.Builder<?>>> CONSTRAINTS = constraints();

    private PlatformWireTypes() {
    }

    private static Map<Class<?>, Consumer<MessageType.Builder<?>>> constraints() {
        Map<Class<?>, Consumer<MessageType.Builder<?>>> c = new LinkedHashMap<>();
        // domain events (the catalogue)
        c.put(SettlementUpdate.class, b -> b.nonBlank("settlementId", "customerId").positiveMoney("amount")
                .required("status", "timestamp").range("retryCount", 0, 1000));
        c.put(SettlementProcessed.class, b -> b.nonBlank("settlementId", "customerId", "confirmationNumber")
                .positiveMoney("amount").required("type", "processedAt", "balance"));
        c.put(SettlementFailed.class, b -> b.nonBlank("settlementId", "customerId", "error")
                .range("retryCount", 0, 1000));
        c.put(BalanceUpdated.class, b -> b.nonBlank("customerId", "postingId")
                .required("account", "previousBalance", "newBalance"));
        c.put(CommissionCalculated.class, b -> b.nonBlank("recipientId", "period")
                .required("baseRevenue", "commissionRate", "calculatedAmount", "totalAmount"));
        c.put(DistributionProcessed.class, b -> b.nonBlank("distributionId", "recipientId", "status", "period")
                .nonNegativeMoney("amount").required("processedAt"));
        c.put(BonusIssued.class, b -> b.nonBlank("transactionId", "customerId", "bonusType").positiveMoney("amount")
                .range("wageringRequirement", 0, 1000));
        c.put(BonusRedeemed.class, b -> b.nonBlank("transactionId", "customerId", "status")
                .nonNegativeMoney("redemptionAmount").required("redeemedAt"));
        c.put(BonusExpired.class, b -> b.nonBlank("transactionId", "customerId").nonNegativeMoney("forfeitedAmount")
                .required("expiredAt"));
        c.put(AdjustmentPosted.class, b -> b.nonBlank("adjustmentId", "customerId", "requestedBy")
                .oneOf("direction", "credit", "debit").positiveMoney("amount").required("postedAt", "balance"));
        c.put(SecurityAlert.class, b -> b.nonBlank("alertId", "customerId", "kind").required("raisedAt"));
        c.put(NoticeSent.class, b -> b.nonBlank("noticeId", "recipientId", "kind", "channel"));
        // balance
        c.put(BalanceCommand.OpenAccount.class, b -> b.nonBlank("customerId"));
        c.put(BalanceCommand.PostSettlement.class, b -> b.nonBlank("settlementId", "customerId").required("type")
                .positiveMoney("amount"));
        c.put(BalanceCommand.PostTransfer.class, b -> b.nonBlank("postingId").required("from", "to")
                .positiveMoney("amount"));
        c.put(BalanceCommand.PlaceHold.class, b -> b.nonBlank("holdId", "customerId").positiveMoney("amount"));
        c.put(BalanceCommand.ReleaseHold.class, b -> b.nonBlank("holdId", "customerId"));
        c.put(BalanceCommand.CaptureHold.class, b -> b.nonBlank("holdId", "customerId"));
        c.put(BalanceCommand.GetBalance.class, b -> b.nonBlank("customerId"));
        c.put(BalanceCommand.GetAccountBalance.class, b -> b.required("account"));
        c.put(BalanceCommand.GetLedger.class, b -> b.nonBlank("customerId").required("account"));
        c.put(BalanceCommand.GetActiveCustomers.class, b -> b.range("limit", 0, 1_000_000));
        c.put(BalanceCommand.GetSettlementPostings.class, b -> b.range("limit", 1, 10_000));
        c.put(BalanceReply.AccountOpened.class, b -> b.nonBlank("customerId").required("balance"));
        c.put(BalanceReply.AccountAlreadyExists.class, b -> b.nonBlank("customerId"));
        c.put(BalanceReply.Posted.class, b -> b.nonBlank("postingId").required("balanceAfter", "postedAt"));
        c.put(BalanceReply.InsufficientFunds.class, b -> b.required("balance", "required", "shortfall"));
        c.put(BalanceReply.UnknownCustomer.class, b -> b.nonBlank("customerId"));
        c.put(BalanceReply.CustomerBalance.class, b -> b.nonBlank("customerId").required("balance"));
        c.put(BalanceReply.AccountBalance.class, b -> b.required("account", "balance"));
        c.put(BalanceReply.HoldView.class, b -> b.nonBlank("holdId", "customerId").required("amount"));
        c.put(BalanceReply.HoldNotFound.class, b -> b.nonBlank("holdId"));
        c.put(BalanceReply.HoldConflict.class, b -> b.nonBlank("holdId"));
        c.put(BalanceReply.LedgerPage.class, b -> b.nonBlank("customerId").required("lines"));
        c.put(BalanceReply.ActiveCustomers.class, b -> b.required("customerIds"));
        c.put(BalanceReply.SettlementPostings.class, b -> b.required("postings"));
        // collections
        c.put(CollectionsCommand.ProcessSettlement.class, b -> b.required("request", "request.type")
                .nonBlank("request.settlementId", "request.customerId").positiveMoney("request.amount"));
        c.put(CollectionsCommand.GetSettlement.class, b -> b.nonBlank("settlementId"));
        c.put(CollectionsCommand.ResumeSettlement.class, b -> b.nonBlank("settlementId"));
        c.put(CollectionsCommand.RetrySettlement.class, b -> b.nonBlank("settlementId"));
        c.put(SettlementOutcome.Completed.class, b -> b.nonBlank("settlementId", "customerId"));
        c.put(SettlementOutcome.Failed.class, b -> b.nonBlank("settlementId", "customerId", "error"));
        c.put(SettlementOutcome.Conflict.class, b -> b.nonBlank("settlementId"));
        c.put(SettlementOutcome.CustomerNotFound.class, b -> b.nonBlank("settlementId", "customerId"));
        c.put(SettlementLookup.Found.class, b -> b.required("settlement",
                "settlement.request", "settlement.status"));
        c.put(SettlementLookup.NotFound.class, b -> b.nonBlank("settlementId"));
        // distributions
        c.put(DistributionsMessage.RegisterAffiliate.class, b -> b.nonBlank("affiliateId").required("commissionRate"));
        c.put(DistributionsMessage.LinkCustomer.class, b -> b.nonBlank("affiliateId", "customerId"));
        c.put(DistributionsMessage.CalculateCommission.class, b -> b.nonBlank("affiliateId", "period"));
        c.put(DistributionsMessage.PayCommission.class, b -> b.nonBlank("affiliateId", "period"));
        c.put(DistributionsMessage.GetAffiliate.class, b -> b.nonBlank("affiliateId"));
        c.put(DistributionsMessage.AffiliateView.class, b -> b.nonBlank("affiliateId").required("commissionRate"));
        c.put(DistributionsMessage.AffiliateNotFound.class, b -> b.nonBlank("affiliateId"));
        c.put(DistributionsMessage.AffiliateConflict.class, b -> b.nonBlank("code"));
        // freeplay
        c.put(FreePlayMessage.IssueBonus.class, b -> b.nonBlank("transactionId", "customerId", "bonusType")
                .positiveMoney("amount").range("wageringRequirement", 0, 1000));
        c.put(FreePlayMessage.RedeemBonus.class, b -> b.nonBlank("transactionId", "redemptionId")
                .positiveMoney("amount"));
        c.put(FreePlayMessage.GetBonus.class, b -> b.nonBlank("transactionId"));
        c.put(FreePlayMessage.ListBonuses.class, b -> b.nonBlank("customerId"));
        c.put(FreePlayMessage.BonusView.class, b -> b.required("bonus", "status").nonBlank("bonus.transactionId"));
        c.put(FreePlayMessage.BonusNotFound.class, b -> b.nonBlank("transactionId"));
        c.put(FreePlayMessage.BonusRefused.class, b -> b.nonBlank("code"));
        c.put(FreePlayMessage.BonusList.class, b -> b.nonBlank("customerId").required("bonuses"));
        // adjustments
        c.put(AdjustmentsCommand.RequestAdjustment.class, b -> b.nonBlank("adjustmentId", "customerId", "requestedBy")
                .required("direction").positiveMoney("amount"));
        c.put(AdjustmentsCommand.ApproveAdjustment.class, b -> b.nonBlank("adjustmentId", "approvedBy"));
        c.put(AdjustmentsCommand.RejectAdjustment.class, b -> b.nonBlank("adjustmentId", "rejectedBy"));
        c.put(AdjustmentsCommand.GetAdjustment.class, b -> b.nonBlank("adjustmentId"));
        c.put(AdjustmentsCommand.AdjustmentView.class, b -> b.nonBlank("adjustmentId", "customerId", "status"));
        c.put(AdjustmentsCommand.AdjustmentNotFound.class, b -> b.nonBlank("adjustmentId"));
        c.put(AdjustmentsCommand.AdjustmentRefused.class, b -> b.nonBlank("code"));
        // notifications, workflows, failures
        c.put(NotificationsMessage.ListNotices.class, b -> b.nonBlank("recipientId").range("limit", 0, 10_000));
        c.put(NotificationsMessage.Notices.class, b -> b.required("notices"));
        c.put(WorkflowMessage.GetProgress.class, b -> b.nonBlank("correlationId"));
        c.put(WorkflowMessage.Progress.class, b -> b.nonBlank("correlationId").required("instances"));
        c.put(ReplyFailed.class, b -> b.required("kind"));
        return Map.copyOf(c);
    }

    /** The registry of every cross-node record, each with its constraints. */
    public static MessageTypeRegistry registry() {
        Map<String, Class<?>> records = new LinkedHashMap<>();
        for (Address<?> address : DOMAIN_ADDRESSES) {
            collect(address.messageType(), records);
        }
        collect(DomainEvent.class, records);
        collect(ReplyFailed.class, records);
        MessageTypeRegistry.Builder builder = MessageTypeRegistry.builder();
        records.forEach((name, type) -> builder.register(typeOf(name, type)));
        return builder.build();
    }

    private static MessageType<?> typeOf(String name, Class<?> type) {
        MessageType.Builder<?> builder = MessageType.builder(name, type);
        Consumer<MessageType.Builder<?>> constraints = CONSTRAINTS.get(type);
        if (constraints != null) {
            constraints.accept(builder);
        } else if (!UNCONSTRAINED.contains(type)) {
            throw new IllegalStateException("cross-node record " + type.getName() + " has no field constraints; "
                    + "declare them in PlatformWireTypes.CONSTRAINTS");
        }
        return builder.build();
    }

    /** The standard codecs over {@link #registry()}, the JSON and YAML ones in the contract format. */
    public static CodecSet codecs() {
        return CodecSet.standard(registry(), DecoderLimits.defaults(), List.of(ContractsJson.module()));
    }

    private static void collect(Class<?> type, Map<String, Class<?>> records) {
        if (Received.class.isAssignableFrom(type)) {
            return; // a consumer's adaptation of an event: the event itself crosses nodes, never this
        }
        if (type.isRecord()) {
            String name = MessageNames.of(type);
            Class<?> known = records.putIfAbsent(name, type);
            if (known != null && known != type) {
                throw new IllegalStateException("two cross-node records share the name " + name
                        + ": " + known.getName() + " and " + type.getName());
            }
            if (known == null) {
                for (Type implemented : type.getGenericInterfaces()) {
                    if (implemented instanceof ParameterizedType p && p.getRawType() == Request.class
                            && p.getActualTypeArguments()[0] instanceof Class<?> reply) {
                        collect(reply, records);
                    }
                }
            }
        }
        if (type.isSealed()) {
            for (Class<?> permitted : type.getPermittedSubclasses()) {
                collect(permitted, records);
            }
        }
    }
}
