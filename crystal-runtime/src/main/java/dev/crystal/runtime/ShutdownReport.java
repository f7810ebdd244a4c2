package dev.crystal.runtime;

import java.util.Map;

/**
 * What a graceful shutdown achieved.
 *
 * @param clean     {@code true} when every mailbox drained and every worker stopped in time
 * @param undrained messages left per worker that did not drain within the timeout
 */
public record ShutdownReport(boolean clean, Map<String, Integer> undrained) {
}
