package dev.crystal.settlement.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Domain logic never touches adapter technology; it gets ports instead. */
class DomainIsolationTest {
    private static final String[] DOMAIN_LOGIC = {
            "dev.crystal.settlement.*.domain..", "dev.crystal.settlement.*.application..",
            "dev.crystal.settlement.*.worker..", "dev.crystal.settlement.contracts..", "dev.crystal.settlement.kernel.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.crystal.settlement");
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
    void onlyTheCompositionRootWrapsWorkersInTheInbox() {
        noClasses().that().resideOutsideOfPackage("dev.crystal.settlement.assembly")
                .should().dependOnClassesThat().resideInAPackage("dev.crystal.store.inbox..")
                .because("exactly-once effects are wiring (SettlementAssembly), invisible to domain code")
                .check(classes);
    }

    @Test
    void domainModelsDependOnlyOnTheJdkAndTheSharedKernel() {
        noClasses().that().resideInAPackage("dev.crystal.settlement.*.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.crystal.runtime..", "org.slf4j..",
                        "dev.crystal.settlement.*.application..", "dev.crystal.settlement.*.worker..")
                .check(classes);
    }

    @Test
    void domainsDoNotImportEachOther() {
        String[] domains = {"balance", "collections", "notifications", "distributions", "freeplay", "adjustments"};
        for (String domain : domains) {
            for (String other : domains) {
                if (!domain.equals(other)) {
                    noClasses().that().resideInAPackage("dev.crystal.settlement." + domain + "..")
                            .should().dependOnClassesThat().resideInAPackage("dev.crystal.settlement." + other + "..")
                            .because("domains share only message contracts").check(classes);
                }
            }
        }
    }
}
