package dev.crystal.runtime;

import static dev.crystal.runtime.TestMessages.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.AccountOpened;
import dev.crystal.runtime.TestMessages.Event;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscription with an adapter: the event does not extend the subscriber's message type; the subscriber's worker
 * takes it as the adapter wraps it, while what is published, relayed and forwarded stays the event itself.
 */
class AdaptedSubscriptionTest {
    /** The subscriber's own messages; the event type knows nothing of them. */
    sealed interface Mail permits Mail.Seen, Mail.Send {
        record Seen(Event event) implements Mail {
        }

        record Send(String to) implements Mail {
        }
    }

    private final WorkerRuntime runtime = WorkerRuntime.create(config("adapted"));
    private final Address<Mail> mail = Address.of("mail", Mail.class);
    private final List<Envelope<Mail>> seen = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    @Test
    void aPublishedEventReachesTheSubscriberAsItsAdapterWrapsItUnderTheEventsTypeName() {
        runtime.register(mail, (env, ctx) -> seen.add(env));
        runtime.subscribe(Event.class, mail, Mail.Seen::new);
        runtime.start();

        assertThat(runtime.publish(new AccountOpened("acc-1"), "corr-1")).isEqualTo(1);

        await().until(() -> seen.size() == 1);
        assertThat(seen.get(0).payload()).isEqualTo(new Mail.Seen(new AccountOpened("acc-1")));
        assertThat(seen.get(0).type()).isEqualTo(MessageNames.of(AccountOpened.class));
        assertThat(seen.get(0).correlationId()).isEqualTo("corr-1");
    }

    @Test
    void aRelayedEventEnvelopeIsAdaptedKeepingItsIds() {
        runtime.register(mail, (env, ctx) -> seen.add(env));
        runtime.subscribe(Event.class, mail, Mail.Seen::new);
        runtime.start();
        Envelope<AccountOpened> stored = new Envelope<>("m-7", "AccountOpened", "corr-7", "m-6", "ledger", "ledger",
                Instant.parse("2026-01-01T00:00:00Z"), new AccountOpened("acc-7"));

        assertThat(runtime.deliverToSubscribers(stored)).isEqualTo(1);

        await().until(() -> seen.size() == 1);
        Envelope<Mail> got = seen.get(0);
        assertThat(got.payload()).isEqualTo(new Mail.Seen(new AccountOpened("acc-7")));
        assertThat(got.messageId()).isEqualTo("m-7");
        assertThat(got.causationId()).isEqualTo("m-6");
        assertThat(got.target()).isEqualTo("mail");
    }

    @Test
    void aWorkerTakingAnythingAtTheSubscribersNameGetsTheEventItselfAsAForwarderMust() {
        List<Object> forwarded = new CopyOnWriteArrayList<>();
        runtime.register(Address.of("mail", Object.class), (env, ctx) -> forwarded.add(env.payload()));
        runtime.subscribe(Event.class, mail, Mail.Seen::new);
        runtime.start();

        runtime.publish(new AccountOpened("acc-2"), null);

        await().until(() -> forwarded.size() == 1);
        assertThat(forwarded).containsExactly(new AccountOpened("acc-2"));
        assertThat(runtime.adapt(mail, forwarded.get(0))).isEqualTo(new Mail.Seen(new AccountOpened("acc-2")));
    }

    @Test
    void withoutAnAdapterAnEventThatIsNotTheSubscribersMessageIsRefusedByName() {
        runtime.register(mail, (env, ctx) -> seen.add(env));
        runtime.start();
        Envelope<AccountOpened> stray = new Envelope<>("m-1", "AccountOpened", "c", null, "x", "mail",
                Instant.EPOCH, new AccountOpened("acc-3"));

        assertThatThrownBy(() -> runtime.deliver(stray)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AccountOpened").hasMessageContaining("accepted by mail");
        assertThatThrownBy(() -> runtime.adapt(mail, new AccountOpened("acc-3")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(runtime.adapt(mail, new Mail.Send("bob"))).isEqualTo(new Mail.Send("bob"));
    }
}
