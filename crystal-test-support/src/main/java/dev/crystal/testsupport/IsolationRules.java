package dev.crystal.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * ArchUnit rules that keep domain and worker code isolated (applied to crystal-settlement by its
 * {@code SettlementIsolationTest}; no rule allows an empty selection): it reaches Micrometer,
 * Resilience4j, JDBC, HTTP and Redis only through ports (the WorkerContext, its own adapters), holds no
 * locks and no shared mutable statics. Use from a module's tests:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "dev.crystal.settlement")
 * class IsolationTest {
 *     @ArchTest
 *     static final ArchRules rules = ArchRules.in(IsolationRules.class);
 * }
 * }</pre>
 *
 * or check each rule of {@link #all()} by hand. Stateless.
 */
public final class IsolationRules {
    /** Packages holding business logic: {@code ..domain..}, {@code ..application..}, {@code ..worker..}. */
    public static final String[] DOMAIN_PACKAGES = {"..domain..", "..application..", "..worker.."};

    /** Technology that domain code reaches only through ports. */
    public static final String[] ADAPTER_TECHNOLOGY = {
        "io.micrometer..", "io.github.resilience4j..", "java.sql..", "javax.sql..", "io.lettuce..",
        "redis..", "io.javalin..", "java.net.http..", "jakarta.servlet..", "org.eclipse.jetty..",
        "dev.crystal.runtime.internal.."
    };

    @ArchTest
    public static final ArchRule DOMAIN_USES_PORTS_ONLY = noClasses()
            .that().resideInAnyPackage(DOMAIN_PACKAGES)
            .should().dependOnClassesThat().resideInAnyPackage(ADAPTER_TECHNOLOGY)
            .because("domain and worker code gets metrics, resilience, storage and I/O through ports");

    @ArchTest
    public static final ArchRule DOMAIN_HOLDS_NO_LOCKS = noMethods()
            .that().areDeclaredInClassesThat().resideInAnyPackage(DOMAIN_PACKAGES)
            .should().haveModifier(JavaModifier.SYNCHRONIZED)
            .because("a worker is the single writer of its state");

    @ArchTest
    public static final ArchRule DOMAIN_HAS_NO_MUTABLE_STATICS = fields()
            .that().areDeclaredInClassesThat().resideInAnyPackage(DOMAIN_PACKAGES)
            .and().areStatic()
            .should().beFinal()
            .because("several runtimes (nodes) must be able to share one JVM");

    @ArchTest
    public static final ArchRule DOMAIN_USES_NO_MONITORS = noClasses()
            .that().resideInAnyPackage(DOMAIN_PACKAGES)
            .should().callMethod(Object.class, "wait")
            .orShould().callMethod(Object.class, "notify")
            .orShould().callMethod(Object.class, "notifyAll")
            .because("workers never block on monitors");

    private IsolationRules() {
    }

    /** All rules, for callers that check them by hand. */
    public static List<ArchRule> all() {
        return List.of(DOMAIN_USES_PORTS_ONLY, DOMAIN_HOLDS_NO_LOCKS, DOMAIN_HAS_NO_MUTABLE_STATICS,
                DOMAIN_USES_NO_MONITORS);
    }
}
