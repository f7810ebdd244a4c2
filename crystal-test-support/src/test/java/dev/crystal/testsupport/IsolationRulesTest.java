package dev.crystal.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

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
    void aLeakyDomainBreaksPortsLocksAndStatics() {
        JavaClasses bad = fixture("bad");
        assertThat(IsolationRules.DOMAIN_USES_PORTS_ONLY.evaluate(bad).hasViolation()).isTrue();
        assertThat(IsolationRules.DOMAIN_HOLDS_NO_LOCKS.evaluate(bad).hasViolation()).isTrue();
        assertThat(IsolationRules.DOMAIN_HAS_NO_MUTABLE_STATICS.evaluate(bad).hasViolation()).isTrue();
    }
}
