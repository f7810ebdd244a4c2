package dev.crystal.settlement.freeplay.application;

import java.time.Instant;

/**
 * Port: asks for a bonus's expiry to be processed at its expiry time, durably and once per bonus.
 * Called from the free-play worker's thread.
 */
public interface ExpiryScheduler {

    void expireAt(String transactionId, Instant at, String correlationId);
}
