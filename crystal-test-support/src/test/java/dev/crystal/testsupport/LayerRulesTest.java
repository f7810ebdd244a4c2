package dev.crystal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The API/SPI/internal rules pass a good library layout and fail each deliberately bad class. */
class LayerRulesTest {
    private static final String GOOD = "dev.crystal.testsupport.fixture.layers.good";
    private static final String BAD = "dev.crystal.testsupport.fixture.layers.bad";

    private static boolean fails(ArchRule rule, String root) {
        return rule.evaluate(new ClassFileImporter().importPackages(root)).hasViolation();
    }

    @Test
    void aGoodLayoutPassesEveryLayerRule() {
        for (ArchRule rule : List.of(LayerRules.apiSignaturesNameNoInternals(GOOD),
                LayerRules.onlyFactoriesReachInternals(GOOD, "Engine"),
                LayerRules.internalsAreHidden(GOOD, "DefaultEngine"))) {
            assertThat(fails(rule, GOOD)).as(rule.getDescription()).isFalse();
        }
    }

    @Test
    void aFactoryReturningTheImplementationTypeFailsTheSignatureRule() {
        assertThat(fails(LayerRules.apiSignaturesNameNoInternals(BAD), BAD)).isTrue();
    }

    @Test
    void anApiClassCallingAnInternalHelperFailsTheFactoryRule() {
        assertThat(fails(LayerRules.onlyFactoriesReachInternals(BAD, "Engine"), BAD)).isTrue();
    }

    @Test
    void aClassOutsideTheLibraryReachingItsInternalsFails() {
        JavaClasses withoutOutsider = new ClassFileImporter().importPackages(GOOD, BAD);
        assertThat(LayerRules.noOutsiderReachesInternals(GOOD).evaluate(withoutOutsider).hasViolation()).isFalse();
        JavaClasses withOutsider = new ClassFileImporter().importPackages(GOOD, BAD,
                "dev.crystal.testsupport.fixture.layers.outsider");
        assertThat(LayerRules.noOutsiderReachesInternals(GOOD).evaluate(withOutsider).hasViolation()).isTrue();
    }

    @Test
    void aPublicInternalHelperFailsTheHiddenRule() {
        assertThat(fails(LayerRules.internalsAreHidden(BAD, "DefaultEngine"), BAD)).isTrue();
    }
}
