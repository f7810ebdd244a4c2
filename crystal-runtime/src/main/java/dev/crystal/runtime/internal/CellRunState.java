package dev.crystal.runtime.internal;

import dev.crystal.runtime.WorkerHealth.WorkerState;

/**
 * Where one cell is in its life, as each of its parts sees it: the state health reports, the stop request and the
 * thread that runs the worker now. Thread ownership: the {@link CellSupervisor} writes the state and the thread (from
 * the cell's thread, the timer or a stopping thread); stop requests come from any thread; senders read all three on
 * their way in, so nothing here changes per message.
 */
final class CellRunState {
    /** What the runtime asked the cell to do about its mailbox when stopping. */
    enum Stop {
        /** Keep running. */
        NONE,
        /** Handle what is queued, run {@code onStop}, end. */
        DRAIN,
        /** End now, leaving the mailbox, without {@code onStop}. */
        ABANDON
    }

    volatile WorkerState state = WorkerState.CREATED;
    volatile Stop stop = Stop.NONE;
    /** The thread running the worker now (a restart replaces it); {@code null} before the first start. */
    volatile Thread thread;

    boolean failed() {
        return state == WorkerState.FAILED;
    }

    boolean abandoning() {
        return stop == Stop.ABANDON;
    }
}
