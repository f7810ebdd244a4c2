package dev.crystal.server.flags;

import dev.crystal.wire.WireFlags;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's {@link WireFlags} in step with the shared store: every {@link #DEFAULT_INTERVAL} it reads
 * the stored version (one small query) and, when another process changed the flags, loads and installs them, so a
 * change made on any node governs every node's next frames within {@code interval} plus one query. A failing store
 * (database down) is logged at most once a minute and the flags in force stay as they are.
 *
 * <p>Thread ownership: its own daemon thread, started by {@link #start()} and stopped by {@link #close()}.
 */
public final class WireFlagsPoller implements AutoCloseable {
    /** How often the stored version is read: 250 ms, so a change reaches every node well within a second. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(WireFlagsPoller.class);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final WireFlags flags;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastWarnNanos;
    private boolean warned;

    /** A poller refreshing {@code flags} every {@code interval}. */
    public WireFlagsPoller(WireFlags flags, Duration interval) {
        this.flags = Objects.requireNonNull(flags, "flags");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive, was " + interval);
        }
        this.interval = interval;
        this.thread = new Thread(this::run, "wire-flags-poller");
        this.thread.setDaemon(true);
    }

    /** Starts polling. */
    public void start() {
        thread.start();
    }

    private void run() {
        while (running) {
            LockSupport.parkNanos(interval.toNanos());
            if (!running) {
                return;
            }
            try {
                if (flags.refresh()) {
                    LOG.info("wire flags version {} installed from the shared store", flags.current().version());
                }
            } catch (RuntimeException e) {
                long now = System.nanoTime();
                if (!warned || now - lastWarnNanos >= WARN_EVERY_NANOS) {
                    warned = true;
                    lastWarnNanos = now;
                    LOG.warn("cannot read the wire flags from their store; the flags in force stay: {}", e.toString());
                }
            }
        }
    }

    /** Stops polling and waits for the thread (at most a second). */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
