package dev.crystal.settlement.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import dev.crystal.runtime.MessageNames;

/** The workflow monitor and the catalogue see other domains only through contracts, catalogue and kernel. */
class WorkflowsIsolationTest {
    private static final String[] DOMAINS = {"balance", "collections", "notifications", "distributions", "freeplay",
            "adjustments", "assembly"};

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.crystal.settlement");

    @Test
    void workflowsAndCatalogueImportNoOtherDomain() {
        for (String domain : DOMAINS) {
            noClasses().that().resideInAnyPackage("dev.crystal.settlement.workflows..",
                            "dev.crystal.settlement.catalogue..")
                    .should().dependOnClassesThat().resideInAPackage("dev.crystal.settlement." + domain + "..")
                    .allowEmptyShould(true)
                    .because("workflows follow the domains through the message catalogue only").check(classes);
        }
    }

    @Test
    void catalogueIsFreeOfRuntimeAndStorage() {
        // MessageNames is the one naming rule of message types (a pure function), shared with the runtime.
        noClasses().that().resideInAPackage("dev.crystal.settlement.catalogue..")
                .should().dependOnClassesThat(DescribedPredicate.and(
                        JavaClass.Predicates.resideInAnyPackage("dev.crystal.runtime..",
                                "dev.crystal.store..", "java.sql..", "dev.crystal.settlement.workflows.."),
                        DescribedPredicate.not(
                                JavaClass.Predicates.equivalentTo(
                                        MessageNames.class))))
                .check(classes);
    }
}
