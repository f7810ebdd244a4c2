package dev.crystal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/** Each isolation rule passes a well-behaved domain and fails a deliberately bad class. */
class IsolationRulesTest {

    private static JavaClasses fixture(String name) {
        return new ClassFileImporter().importPackages("dev.crystal.testsupport.fixture." + name);
    }

    @Test
    void aWellBehavedDomainPassesEveryRule() {
        JavaClasses good = fixture("good");
        for (ArchRule rule : IsolationRules.all()) {
            assertThat(rule.evaluate(good).hasViolation()).as(rule.getDescription()).isFalse();
        }
    }

    @Test
    void aLeakyDomainBreaksPortsLocksStaticsAndMonitors() {
        JavaClasses bad = fixture("bad");
        for (ArchRule rule : IsolationRules.all()) {
            assertThat(rule.evaluate(bad).hasViolation()).as(rule.getDescription()).isTrue();
        }
    }

    @Test
    void aRuleThatSelectsNothingFailsInsteadOfPassing() {
        JavaClasses none = fixture("layers.good");
        for (ArchRule rule : IsolationRules.all()) {
            assertThatThrownBy(() -> rule.evaluate(none)).as(rule.getDescription())
                    .hasMessageContaining("failed to check any classes");
        }
    }
}
