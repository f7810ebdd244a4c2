package dev.crystal.server.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM/SIGINT handling for {@code serve}: the first signal starts a graceful shutdown on its own
 * thread; a second signal forces the process to exit at once. State: one atomic signal counter.
 */
final class ShutdownSignals {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSignals.class);

    private ShutdownSignals() {
    }

    static void install(Runnable gracefulStop) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                if (received.incrementAndGet() == 1) {
                    LOG.info("SIG{} received: draining and stopping (send again to force exit)", signal.getName());
                    Thread.ofPlatform().name("crystal-shutdown").start(gracefulStop);
                } else {
                    LOG.warn("second signal: forcing exit");
                    Runtime.getRuntime().halt(130);
                }
            });
        }
    }
}
