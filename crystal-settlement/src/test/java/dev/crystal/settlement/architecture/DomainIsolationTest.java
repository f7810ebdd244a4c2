package dev.crystal.settlement.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.crystal.runtime.Address;
import dev.crystal.settlement.contracts.Addresses;
import dev.crystal.settlement.contracts.DomainEvent;
import dev.crystal.testsupport.DomainRules;
import dev.crystal.testsupport.IsolationRules;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Domain logic never touches adapter technology; a domain model is plain Java over the kernel and the contracts; no
 * domain imports another. The domains are read from the packages ({@link DomainRules#domainsIn}), so a new one is
 * checked without editing this test.
 */
class DomainIsolationTest {
    static final String ROOT = "dev.crystal.settlement";
    private static final String[] DOMAIN_LOGIC = {
            "dev.crystal.settlement.*.domain..", "dev.crystal.settlement.*.application..",
            "dev.crystal.settlement.*.worker..", "dev.crystal.settlement.contracts..", "dev.crystal.settlement.kernel.."};

    private static JavaClasses classes;
    private static List<String> domains;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        domains = DomainRules.domainsIn(classes, ROOT);
    }

    @Test
    void theDomainsAreReadFromThePackages() {
        assertThat(domains).containsExactlyInAnyOrder("adjustments", "balance", "collections", "distributions",
                "freeplay", "notifications", "workflows");
    }

    @Test
    void domainLogicImportsNoAdapterTechnology() {
        ArchRule rule = noClasses().that().resideInAnyPackage(DOMAIN_LOGIC)
                .should().dependOnClassesThat().resideInAnyPackage(
                        "java.sql..", "javax.sql..", "org.sqlite..", "org.flywaydb..", "dev.crystal.store..",
                        "io.javalin..", "org.eclipse.jetty..", "java.net.http..", "io.lettuce..", "redis..",
                        "org.postgresql..", "com.zaxxer..", "io.micrometer..", "io.github.resilience4j..",
                        "dev.crystal.settlement.*.adapter..", "dev.crystal.runtime.internal..")
                .because("domains reach storage, HTTP, metrics and resilience only through ports");
        rule.check(classes);
    }

    @Test
    void theSharedIsolationRulesHoldForEveryDomain() {
        for (ArchRule rule : IsolationRules.all()) {
            rule.check(classes);
        }
    }

    @Test
    void onlyTheCompositionRootWrapsWorkersInTheInbox() {
        noClasses().that().resideOutsideOfPackage("dev.crystal.settlement.assembly")
                .should().dependOnClassesThat().resideInAPackage("dev.crystal.store.inbox..")
                .because("exactly-once effects are wiring (SettlementAssembly), invisible to domain code")
                .check(classes);
    }

    /** The catalogue describes the contracts (names, actions, what each domain emits): it counts as contracts. */
    @Test
    void domainModelsDependOnlyOnTheJdkTheKernelAndTheContracts() {
        DomainRules.domainModelsUseOnlyTheJdkAndShared(classes, ROOT, domains, "kernel", "contracts", "catalogue")
                .check(classes);
    }

    /** The consumers' message types are read from the domains' addresses, so a new consumer is checked too. */
    @Test
    void eventsKnowNoConsumerEachConsumerSubscribesWithAnAdapter() {
        List<Class<?>> consumerMessages = Addresses.ALL.stream().<Class<?>>map(Address::messageType).toList();
        DomainRules.eventsKnowNoConsumer(DomainEvent.class, consumerMessages).check(classes);
    }

    @Test
    void domainsDoNotImportEachOther() {
        DomainRules.domainsDoNotImportEachOther(ROOT, domains).check(classes);
    }
}
