package dev.crystal.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.crystal.testsupport.LayerRules;
import org.junit.jupiter.api.Test;

/**
 * The libraries' module-info files export API and SPI only, but the server, the settlement application, the cluster
 * and the adapters run on a class path, where nothing enforces exports. This holds the same boundary for every class of
 * the tree (docs/ARCHITECTURE.md, "Rules in the build").
 */
class LibraryBoundariesTest {
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.crystal");

    @Test
    void nobodyOutsideTheRuntimeReachesItsInternals() {
        LayerRules.noOutsiderReachesInternals("dev.crystal.runtime").check(ALL);
    }

    @Test
    void nobodyOutsideTheWireReachesItsInternals() {
        LayerRules.noOutsiderReachesInternals("dev.crystal.wire").check(ALL);
    }

    @Test
    void nobodyOutsideTheJobsReachesItsEngine() {
        LayerRules.noOutsiderReachesInternals("dev.crystal.jobs").check(ALL);
    }

    /** The store's package is not exported either: the application opens it through {@code JobStores}. */
    @Test
    void nobodyOutsideTheJobsReachesItsSqliteStore() {
        noClasses().that().resideOutsideOfPackage("dev.crystal.jobs..")
                .should().dependOnClassesThat().resideInAPackage("dev.crystal.jobs.sqlite..")
                .because("crystal-jobs' module-info exports its API and SPI only; JobStores opens the store")
                .check(ALL);
    }
}
