package dev.crystal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.crystal.testsupport.fixture.badshop.contracts.BillingCommand;
import dev.crystal.testsupport.fixture.badshop.contracts.ShipmentEvent;
import dev.crystal.testsupport.fixture.shop.contracts.BillingMessage;
import dev.crystal.testsupport.fixture.shop.contracts.ShopEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The domain rules read the domains from the packages, pass a good layout and fail each deliberately bad class. */
class DomainRulesTest {
    private static final String GOOD = "dev.crystal.testsupport.fixture.shop";
    private static final String BAD = "dev.crystal.testsupport.fixture.badshop";
    private static final JavaClasses GOOD_CLASSES = new ClassFileImporter().importPackages(GOOD);
    private static final JavaClasses BAD_CLASSES = new ClassFileImporter().importPackages(BAD);

    @Test
    void theDomainsAreThePackagesWithDomainLayersNotAList() {
        assertThat(DomainRules.domainsIn(GOOD_CLASSES, GOOD)).containsExactly("billing", "orders");
        assertThatThrownBy(() -> DomainRules.domainsIn(GOOD_CLASSES, GOOD + ".kernel"))
                .hasMessageContaining("no domain packages");
    }

    @Test
    void aGoodLayoutPassesEveryDomainRule() {
        List<String> domains = DomainRules.domainsIn(GOOD_CLASSES, GOOD);
        assertThat(DomainRules.domainModelsUseOnlyTheJdkAndShared(GOOD_CLASSES, GOOD, domains, "kernel", "contracts")
                .evaluate(GOOD_CLASSES).hasViolation()).isFalse();
        assertThat(DomainRules.domainsDoNotImportEachOther(GOOD, domains).evaluate(GOOD_CLASSES).hasViolation())
                .isFalse();
        assertThat(DomainRules.packagesSeeNoDomain(GOOD, domains, "catalogue").evaluate(GOOD_CLASSES).hasViolation())
                .isFalse();
    }

    @Test
    void aDomainModelNamingAnythingBeyondTheJdkKernelAndContractsFailsTheWhitelist() {
        List<String> domains = DomainRules.domainsIn(BAD_CLASSES, BAD);
        EvaluationResult result = DomainRules.domainModelsUseOnlyTheJdkAndShared(BAD_CLASSES, BAD, domains, "kernel")
                .evaluate(BAD_CLASSES);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("badshop.billing.domain.Invoice")
                        .contains("dev.crystal.runtime.Address"))
                .noneSatisfy(line -> assertThat(line).contains("orders.domain.Order <"));
    }

    @Test
    void aDomainReadingAnotherDomainFailsIsolation() {
        List<String> domains = DomainRules.domainsIn(BAD_CLASSES, BAD);
        EvaluationResult result = DomainRules.domainsDoNotImportEachOther(BAD, domains).evaluate(BAD_CLASSES);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("badshop.billing.application.Billing")
                        .contains("badshop.orders.domain.Order"));
    }

    @Test
    void eventsThatKnowNoConsumerPass() {
        assertThat(DomainRules.eventsKnowNoConsumer(ShopEvent.class,
                        List.of(BillingMessage.class))
                .evaluate(GOOD_CLASSES).hasViolation()).isFalse();
    }

    @Test
    void anEventExtendingAConsumersMessageTypeFails() {
        EvaluationResult result = DomainRules.eventsKnowNoConsumer(ShipmentEvent.class,
                        List.of(BillingCommand.class))
                .evaluate(BAD_CLASSES);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("badshop.contracts.OrderShipped"));
    }

    @Test
    void aCatalogueNamingADomainFails() {
        List<String> domains = DomainRules.domainsIn(BAD_CLASSES, BAD);
        assertThat(DomainRules.packagesSeeNoDomain(BAD, domains, "catalogue").evaluate(BAD_CLASSES).hasViolation())
                .isTrue();
    }
}
