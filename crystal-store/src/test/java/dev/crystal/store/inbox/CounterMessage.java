package dev.crystal.store.inbox;

import dev.crystal.runtime.Request;

/** Messages of the test {@link CounterWorker}: immutable records, shared between threads by reference. */
sealed interface CounterMessage {

    /** Adds {@code amount} to {@code counter} (a negative amount is written, then refused), then forwards it. */
    record Add(String counter, long amount, String forwardTo) implements CounterMessage {
    }

    /** Adds {@code amount} to {@code counter} and answers with the new total. */
    record AddAndTell(String counter, long amount) implements CounterMessage, Request<Long> {
    }

    /** Asks for a counter's total. */
    record Get(String counter) implements CounterMessage, Request<Long> {
    }

    /** Published after every add. */
    record Added(String worker, String counter, long total) {
    }
}
