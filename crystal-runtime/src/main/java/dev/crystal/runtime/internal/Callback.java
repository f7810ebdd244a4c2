package dev.crystal.runtime.internal;

/**
 * Work to run on a worker's own thread (a request's reply, a timer) under the correlation of the
 * message that set it up. Immutable.
 */
record Callback(String correlationId, String causationId, Runnable action) {
}
