package dev.crystal.bench;

import java.util.function.IntSupplier;

/**
 * The consumer thread of a raw-queue peer: drains in batches, spins then yields when empty and never parks
 * (a parked consumer that no producer wakes, as with Agrona's {@code BackoffIdleStrategy}, measured 0.2–2 M
 * msg/s here: it sleeps while the queue fills). This is the raw ceiling the reference figures use.
 * Thread ownership: runs on its own thread until {@link #stop()}.
 */
public final class DrainLoop implements Runnable {
    private final IntSupplier drainOnce;
    private final Thread thread;
    private volatile boolean running = true;

    public DrainLoop(String name, IntSupplier drainOnce) {
        this.drainOnce = drainOnce;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this);
    }

    public DrainLoop start() {
        thread.start();
        return this;
    }

    @Override
    public void run() {
        int idle = 0;
        while (running) {
            if (drainOnce.getAsInt() > 0) {
                idle = 0;
            } else if (idle++ < 100) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    public void stop() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
