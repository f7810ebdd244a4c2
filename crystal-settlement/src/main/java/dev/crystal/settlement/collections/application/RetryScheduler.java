package dev.crystal.settlement.collections.application;

import java.time.Instant;

/**
 * Port: asks for a failed settlement to be retried at a time, durably (the request survives a
 * restart) and at most once per (settlement, retry count). Called from the collections worker's thread.
 */
public interface RetryScheduler {

    /** Delivers a retry of {@code settlementId} at {@code at}, carrying {@code correlationId}. */
    void retryAt(String settlementId, int retryCount, Instant at, String correlationId);
}
