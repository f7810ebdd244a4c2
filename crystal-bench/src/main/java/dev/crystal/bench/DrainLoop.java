package dev.crystal.bench;

import java.util.function.IntSupplier;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * The consumer thread of a raw-queue peer: drains in batches and idles with Agrona's standard
 * {@link BackoffIdleStrategy} (1,000 spins, 100 yields, then park 1 µs → 100 µs), as a hand-written queue consumer would.
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
        BackoffIdleStrategy idle = new BackoffIdleStrategy(1_000, 100, 1_000, 100_000);
        while (running) {
            idle.idle(drainOnce.getAsInt());
        }
    }

    public void stop() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
