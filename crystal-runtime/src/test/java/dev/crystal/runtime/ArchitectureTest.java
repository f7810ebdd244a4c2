package dev.crystal.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The runtime's layering: a small API, an SPI, and an internal implementation nobody else reaches into. */
@AnalyzeClasses(packages = "dev.crystal.runtime", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule apiDoesNotReachIntoInternals = noClasses()
            .that().resideInAPackage("dev.crystal.runtime")
            .and().doNotHaveSimpleName("WorkerRuntime")
            .should().dependOnClassesThat().resideInAPackage("dev.crystal.runtime.internal..")
            .because("only the WorkerRuntime.create factory may name the implementation");

    @ArchTest
    static final ArchRule spiDoesNotReachIntoInternals = noClasses()
            .that().resideInAPackage("dev.crystal.runtime.spi..")
            .should().dependOnClassesThat().resideInAPackage("dev.crystal.runtime.internal..")
            .because("the SPI is what implementations outside the runtime code against");

    @ArchTest
    static final ArchRule resilience4jStaysInternal = noClasses()
            .that().resideOutsideOfPackage("dev.crystal.runtime.internal..")
            .should().dependOnClassesThat().resideInAPackage("io.github.resilience4j..")
            .because("workers reach circuit breakers, rate limiters and retries only through WorkerContext");

    @ArchTest
    static final ArchRule micrometerOnlyInConfigAndInternals = noClasses()
            .that().resideOutsideOfPackage("dev.crystal.runtime.internal..")
            .and().doNotHaveSimpleName("RuntimeConfig")
            .should().dependOnClassesThat().resideInAPackage("io.micrometer..")
            .because("workers count and time through WorkerMetrics");

    @ArchTest
    static final ArchRule internalsAreHidden = classes()
            .that().resideInAPackage("dev.crystal.runtime.internal..")
            .and().doNotHaveSimpleName("LocalWorkerRuntime")
            .should().notBePublic();

    @ArchTest
    static final ArchRule noSynchronizedMethods = noMethods()
            .should().haveModifier(JavaModifier.SYNCHRONIZED)
            .because("workers are single writers; shared state uses lock-free structures");

    @ArchTest
    static final ArchRule noMutableStatics = fields()
            .that().areStatic()
            .should().beFinal()
            .because("several runtimes must live in one JVM");
}
