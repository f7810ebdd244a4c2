package dev.crystal.settlement.distributions.application;

import dev.crystal.settlement.contracts.CommissionCalculated;
import dev.crystal.settlement.contracts.DistributionProcessed;
import dev.crystal.settlement.contracts.DistributionsMessage;
import dev.crystal.settlement.contracts.DistributionsMessage.AffiliateAnswer;
import dev.crystal.settlement.contracts.DistributionsMessage.AffiliateConflict;
import dev.crystal.settlement.contracts.DistributionsMessage.AffiliateNotFound;
import dev.crystal.settlement.contracts.DistributionsMessage.AffiliateView;
import dev.crystal.settlement.contracts.DistributionsMessage.Calculated;
import dev.crystal.settlement.contracts.DistributionsMessage.CommissionAnswer;
import dev.crystal.settlement.contracts.DistributionsMessage.CommissionStatement;
import dev.crystal.settlement.contracts.SettlementProcessed;
import dev.crystal.settlement.distributions.domain.Affiliate;
import dev.crystal.settlement.distributions.domain.CommissionCalculator;
import dev.crystal.settlement.distributions.domain.Period;
import dev.crystal.settlement.distributions.domain.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The distributions domain's use cases: affiliates, revenue accrual from processed settlements,
 * commission statements and their payout. Thread ownership: the distributions worker's thread.
 */
public final class DistributionsService {
    private final DistributionsStore store;

    public DistributionsService(DistributionsStore store) {
        this.store = store;
    }

    public AffiliateAnswer register(Affiliate affiliate, Instant now) {
        Optional<Affiliate> known = store.affiliate(affiliate.affiliateId());
        if (known.isPresent()) {
            return known.get().sameTermsAs(affiliate) ? view(affiliate.affiliateId())
                    : new AffiliateConflict("AFFILIATE_EXISTS",
                    "affiliate " + affiliate.affiliateId() + " already exists with different terms");
        }
        store.insertAffiliate(affiliate, now);
        return view(affiliate.affiliateId());
    }

    public AffiliateAnswer link(String affiliateId, String customerId, Instant now) {
        if (store.affiliate(affiliateId).isEmpty()) {
            return new AffiliateNotFound(affiliateId);
        }
        Optional<String> current = store.affiliateOf(customerId);
        if (current.isPresent() && !current.get().equals(affiliateId)) {
            return new AffiliateConflict("CUSTOMER_ALREADY_LINKED",
                    "customer " + customerId + " already belongs to affiliate " + current.get());
        }
        if (current.isEmpty()) {
            store.link(customerId, affiliateId, now);
        }
        return view(affiliateId);
    }

    /** Counts a processed settlement towards its customer's affiliate; returns the refreshed period figures. */
    public Optional<CommissionCalculated> accrue(SettlementProcessed settlement) {
        Optional<String> affiliateId = store.affiliateOf(settlement.customerId());
        if (affiliateId.isEmpty()) {
            return Optional.empty();
        }
        String period = Period.of(settlement.processedAt());
        boolean counted = store.recordRevenue(settlement.settlementId(), affiliateId.get(), period,
                CommissionCalculator.revenueOf(settlement.type(), settlement.amount()));
        if (!counted) {
            return Optional.empty();
        }
        return recalculate(affiliateId.get(), period);
    }

    public CommissionAnswer calculate(String affiliateId, String period) {
        Period.parse(period);
        List<String> ids;
        if (affiliateId == null) {
            ids = store.affiliateIds();
        } else if (store.affiliate(affiliateId).isEmpty()) {
            return new AffiliateNotFound(affiliateId);
        } else {
            ids = List.of(affiliateId);
        }
        List<CommissionCalculated> results = new ArrayList<>();
        for (String id : ids) {
            recalculate(id, period).or(() -> store.statement(id, period).map(Statement::commission))
                    .ifPresent(results::add);
        }
        return new Calculated(results);
    }

    /** Recalculates an unpaid statement; paid statements never change. */
    private Optional<CommissionCalculated> recalculate(String affiliateId, String period) {
        Optional<Statement> existing = store.statement(affiliateId, period);
        if (existing.isPresent() && existing.get().status() != Statement.Status.CALCULATED) {
            return Optional.empty();
        }
        Affiliate affiliate = store.affiliate(affiliateId).orElseThrow();
        CommissionCalculated commission = CommissionCalculator.calculate(affiliate, period,
                store.revenue(affiliateId, period));
        store.save(Statement.calculated(commission));
        return Optional.of(commission);
    }

    /** What starting a payout found. */
    public sealed interface PayoutStart {
        record Begin(Statement statement) implements PayoutStart {
        }

        record InProgress(Statement statement) implements PayoutStart {
        }

        record AlreadyPaid(DistributionProcessed distribution) implements PayoutStart {
        }

        record Refused(DistributionsMessage.PayoutAnswer answer) implements PayoutStart {
        }
    }

    public PayoutStart startPayout(String affiliateId, String period, Instant now) {
        Period.parse(period);
        if (store.affiliate(affiliateId).isEmpty()) {
            return new PayoutStart.Refused(new AffiliateNotFound(affiliateId));
        }
        Optional<Statement> statement = store.statement(affiliateId, period);
        if (statement.isEmpty()) {
            recalculate(affiliateId, period);
            statement = store.statement(affiliateId, period);
        }
        Statement s = statement.orElseThrow();
        return switch (s.status()) {
            case PAID -> new PayoutStart.AlreadyPaid(processed(s));
            case PAYING -> new PayoutStart.InProgress(s);
            case CALCULATED -> {
                if (!s.commission().totalAmount().isPositive()) {
                    yield new PayoutStart.Refused(new AffiliateConflict("NOTHING_TO_PAY", "commission of "
                            + affiliateId + " for " + period + " is " + s.commission().totalAmount()));
                }
                Statement paying = s.paying(now);
                store.save(paying);
                yield new PayoutStart.Begin(paying);
            }
        };
    }

    /** Records the ledger's confirmation; empty if the statement was not waiting for it. */
    public Optional<DistributionProcessed> finishPayout(String affiliateId, String period, Instant now) {
        return store.statement(affiliateId, period).filter(s -> s.status() == Statement.Status.PAYING).map(s -> {
            Statement paid = s.paid(now);
            store.save(paid);
            return processed(paid);
        });
    }

    public List<Statement> paying() {
        return store.paying();
    }

    public static DistributionProcessed processed(Statement s) {
        return new DistributionProcessed(s.distributionId(), s.commission().recipientId(),
                s.commission().totalAmount(), "completed", s.paidAt(), s.transactionId(), s.confirmation(),
                s.commission().period());
    }

    public AffiliateAnswer view(String affiliateId) {
        Optional<Affiliate> found = store.affiliate(affiliateId);
        if (found.isEmpty()) {
            return new AffiliateNotFound(affiliateId);
        }
        Affiliate a = found.get();
        List<CommissionStatement> statements = store.statements(affiliateId).stream()
                .map(s -> new CommissionStatement(s.commission(), s.status().name().toLowerCase(Locale.ROOT),
                        s.distributionId()))
                .toList();
        return new AffiliateView(a.affiliateId(), a.commissionRate(), a.performanceBonusThreshold(),
                a.performanceBonusRate(), a.paymentMethod(), store.customersOf(affiliateId), statements);
    }
}
