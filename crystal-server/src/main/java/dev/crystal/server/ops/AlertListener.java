package dev.crystal.server.ops;

import java.time.Instant;
import java.util.List;

/** Told the outcome of every evaluation, on the evaluating thread: it must not block (hand work to another thread). */
public interface AlertListener {
    /**
     * One evaluation's outcome.
     *
     * @param at       the instant evaluated
     * @param board    every alert now (active ones carry their silence, if any)
     * @param fired    alerts that fired in this evaluation
     * @param resolved alerts that resolved in this evaluation
     */
    void evaluated(Instant at, AlertBoard board, List<Alert> fired, List<Alert> resolved);
}
