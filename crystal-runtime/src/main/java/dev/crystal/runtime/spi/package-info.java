/**
 * Service provider interfaces: what a backend implements to carry Crystal messages. A {@link
 * dev.crystal.runtime.spi.Transport} moves envelopes between processes (or, locally, between threads by
 * reference) with at-least-once delivery; every implementation must pass the {@code TransportContract}
 * suite in {@code crystal-test-support}.
 */
package dev.crystal.runtime.spi;
