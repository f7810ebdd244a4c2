package dev.crystal.runtime;

import static dev.crystal.runtime.TestMessages.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.Account;
import dev.crystal.runtime.TestMessages.Balance;
import dev.crystal.runtime.TestMessages.Boom;
import dev.crystal.runtime.TestMessages.Deposit;
import dev.crystal.runtime.TestMessages.Withdraw;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandlersTest {
    private final WorkerRuntime runtime = WorkerRuntime.create(config("handlers"));
    private final Address<Account> accounts = Address.of("accounts", Account.class);

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    @Test
    void eachMessageTypeGoesToItsHandler() {
        long[] balance = {0};
        List<String> log = new CopyOnWriteArrayList<>();
        Worker<Account> worker = Handlers.of(Account.class)
                .on(Deposit.class, (d, ctx) -> balance[0] += d.amount())
                .on(Withdraw.class, (w, ctx) -> balance[0] -= w.amount())
                .on(Balance.class, (b, ctx) -> ctx.reply(b, balance[0]))
                .on(Boom.class, (b, ctx) -> log.add("boom " + b.why() + " " + ctx.current().type()))
                .onStart(ctx -> log.add("start"))
                .onStop(ctx -> log.add("stop"))
                .build();
        runtime.register(accounts, worker);
        runtime.start();
        runtime.send(accounts, new Deposit("a", 100), null);
        runtime.send(accounts, new Withdraw("a", 30), null);
        runtime.send(accounts, new Boom("x"), null);
        Reply<Long> reply = runtime.request(accounts, new Balance("a"), null, Duration.ofSeconds(5))
                .orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(reply).isEqualTo(Reply.success(70L));
        runtime.shutdown();
        assertThat(log).containsExactly("start", "boom x BOOM", "stop");
    }

    @Test
    void buildRefusesAMissingHandlerForASealedType() {
        assertThatThrownBy(() -> Handlers.of(Account.class)
                .on(Deposit.class, (d, ctx) -> { })
                .on(Boom.class, (b, ctx) -> { })
                .build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Withdraw").hasMessageContaining("Balance");
    }

    @Test
    void otherwiseCatchesTheRest() {
        List<Object> rest = new CopyOnWriteArrayList<>();
        runtime.register(accounts, Handlers.of(Account.class)
                .on(Deposit.class, (d, ctx) -> { })
                .otherwise((m, ctx) -> rest.add(m))
                .build());
        runtime.start();
        runtime.send(accounts, new Deposit("a", 1), null);
        runtime.send(accounts, new Withdraw("a", 1), null);
        await().until(() -> rest.size() == 1);
        assertThat(rest).containsExactly(new Withdraw("a", 1));
    }

    @Test
    void aHandlerForASupertypeServesItsSubtypes() {
        List<Object> got = new CopyOnWriteArrayList<>();
        Address<Object> any = Address.of("any", Object.class);
        runtime.register(any, Handlers.of(Object.class)
                .on(CharSequence.class, (s, ctx) -> got.add("text:" + s))
                .on(Number.class, (n, ctx) -> got.add("number:" + n))
                .build());
        runtime.start();
        runtime.send(any, "hello", null);
        runtime.send(any, 42, null);
        runtime.send(any, new Object(), null);
        await().until(() -> got.size() == 2 && runtime.deadLetters().open().size() == 1);
        assertThat(got).containsExactly("text:hello", "number:42");
        assertThat(runtime.deadLetters().open().get(0).reason()).contains("no handler");
    }

    @Test
    void duplicateHandlersAreRefused() {
        assertThatThrownBy(() -> Handlers.of(Account.class)
                .on(Deposit.class, (d, ctx) -> { })
                .on(Deposit.class, (d, ctx) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
