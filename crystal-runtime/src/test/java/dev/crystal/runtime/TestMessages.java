package dev.crystal.runtime;

import java.time.Duration;

/** Message types shared by the runtime tests. */
final class TestMessages {
    private TestMessages() {
    }

    sealed interface Account permits Deposit, Withdraw, Balance, Boom {
    }

    record Deposit(String account, long amount) implements Account {
    }

    record Withdraw(String account, long amount) implements Account {
    }

    record Balance(String account) implements Account, Request<Long> {
    }

    record Boom(String why) implements Account {
    }

    record Text(String value) {
    }

    record Ask(String value) implements Request<String> {
    }

    interface Event {
    }

    record AccountOpened(String account) implements Event {
    }

    static RuntimeConfig config(String name) {
        return RuntimeConfig.defaults(name).withShutdownTimeout(Duration.ofSeconds(5));
    }
}
