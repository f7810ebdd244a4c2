package dev.crystal.jobs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering of crystal-jobs: API and SPI know no implementation; the store knows no engine. */
class JobsArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.crystal.jobs");

    @Test
    void spiDependsOnlyOnTheApi() {
        noClasses().that().resideInAPackage("dev.crystal.jobs.spi..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.crystal.jobs.internal..",
                        "dev.crystal.jobs.sqlite..", "java.sql..")
                .check(CLASSES);
    }

    @Test
    void sqliteStoreDoesNotKnowTheEngine() {
        noClasses().that().resideInAPackage("dev.crystal.jobs.sqlite..")
                .should().dependOnClassesThat().resideInAPackage("dev.crystal.jobs.internal..")
                .check(CLASSES);
    }

    /** But its factory: {@code JobStores} opens the store, whose package the module does not export. */
    @Test
    void apiDoesNotKnowTheSqliteStoreOrJdbc() {
        noClasses().that().resideInAPackage("dev.crystal.jobs").and().doNotHaveSimpleName("JobStores")
                .should().dependOnClassesThat().resideInAnyPackage("dev.crystal.jobs.sqlite..", "java.sql..",
                        "org.sqlite..")
                .check(CLASSES);
    }

    @Test
    void engineReachesStoresOnlyThroughTheSpi() {
        noClasses().that().resideInAPackage("dev.crystal.jobs.internal..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.crystal.jobs.sqlite..", "java.sql..")
                .check(CLASSES);
    }
}
