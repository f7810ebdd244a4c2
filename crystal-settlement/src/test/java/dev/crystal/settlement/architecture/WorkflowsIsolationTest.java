package dev.crystal.settlement.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.crystal.runtime.MessageNames;
import dev.crystal.testsupport.DomainRules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The workflow monitor and the catalogue see other domains only through contracts, catalogue and kernel. */
class WorkflowsIsolationTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(DomainIsolationTest.ROOT);

    @Test
    void catalogueImportsNoDomainAndNoAssembly() {
        List<String> seen = new ArrayList<>(DomainRules.domainsIn(classes, DomainIsolationTest.ROOT));
        seen.add("assembly");
        DomainRules.packagesSeeNoDomain(DomainIsolationTest.ROOT, seen, "catalogue").check(classes);
    }

    @Test
    void workflowsImportNoOtherDomainAndNoAssembly() {
        List<String> others = new ArrayList<>(DomainRules.domainsIn(classes, DomainIsolationTest.ROOT));
        others.remove("workflows");
        others.add("assembly");
        DomainRules.packagesSeeNoDomain(DomainIsolationTest.ROOT, others, "workflows").check(classes);
    }

    @Test
    void catalogueIsFreeOfRuntimeAndStorage() {
        // MessageNames is the one naming rule of message types (a pure function), shared with the runtime.
        noClasses().that().resideInAPackage("dev.crystal.settlement.catalogue..")
                .should().dependOnClassesThat(DescribedPredicate.and(
                        JavaClass.Predicates.resideInAnyPackage("dev.crystal.runtime..",
                                "dev.crystal.store..", "java.sql..", "dev.crystal.settlement.workflows.."),
                        DescribedPredicate.not(JavaClass.Predicates.equivalentTo(MessageNames.class))))
                .check(classes);
    }
}
