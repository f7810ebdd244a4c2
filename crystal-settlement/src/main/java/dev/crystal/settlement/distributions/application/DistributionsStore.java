package dev.crystal.settlement.distributions.application;

import dev.crystal.settlement.distributions.domain.Affiliate;
import dev.crystal.settlement.distributions.domain.Statement;
import dev.crystal.settlement.kernel.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Storage port of the distributions domain. Used by the distributions worker's thread only. */
public interface DistributionsStore {

    Optional<Affiliate> affiliate(String affiliateId);

    List<String> affiliateIds();

    void insertAffiliate(Affiliate affiliate, Instant at);

    Optional<String> affiliateOf(String customerId);

    List<String> customersOf(String affiliateId);

    void link(String customerId, String affiliateId, Instant at);

    /** Records a settlement's revenue once; {@code false} if that settlement was already counted. */
    boolean recordRevenue(String settlementId, String affiliateId, String period, Money amount);

    Money revenue(String affiliateId, String period);

    Optional<Statement> statement(String affiliateId, String period);

    List<Statement> statements(String affiliateId);

    /** Inserts or replaces the statement of its (affiliate, period). */
    void save(Statement statement);

    /** Statements whose payout was started but not confirmed by the ledger. */
    List<Statement> paying();
}
