package dev.crystal.bench;

import io.vertx.core.eventbus.MessageConsumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Waits until a Vert.x event-bus consumer is registered. Stateless. */
final class VertxRegistration {
    private VertxRegistration() {
    }

    static void await(MessageConsumer<?> consumer) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        consumer.completionHandler(result -> ready.complete(null));
        ready.orTimeout(10, TimeUnit.SECONDS).join();
    }
}
