/**
 * The worker runtime. Exports its API ({@code dev.crystal.runtime}) and transport SPI ({@code dev.crystal.runtime.spi})
 * only; {@code dev.crystal.runtime.internal} is reached through the factory {@code WorkerRuntime.create}.
 * On a class path (the server's jar) the same boundary is held by ArchUnit rules
 * (docs/ARCHITECTURE.md, "Rules in the build").
 */
module dev.crystal.runtime {
    requires transitive org.slf4j;
    requires transitive micrometer.core;
    requires org.jctools.core;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.circuitbreaker;
    requires io.github.resilience4j.ratelimiter;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.micrometer;

    exports dev.crystal.runtime;
    exports dev.crystal.runtime.spi;
}
