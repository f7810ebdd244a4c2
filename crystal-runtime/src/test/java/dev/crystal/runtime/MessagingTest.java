package dev.crystal.runtime;

import static dev.crystal.runtime.TestMessages.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.TestMessages.AccountOpened;
import dev.crystal.runtime.TestMessages.Event;
import dev.crystal.runtime.TestMessages.Text;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MessagingTest {
    private final WorkerRuntime runtime = WorkerRuntime.create(config("messaging"));

    @AfterEach
    void stop() {
        runtime.shutdownNow();
    }

    @Test
    void correlationAndCausationFlowThroughSendAndReachTheMdc() {
        Address<Text> first = Address.of("first", Text.class);
        Address<Text> second = Address.of("second", Text.class);
        List<Envelope<Text>> seen = new CopyOnWriteArrayList<>();
        List<String> mdc = new CopyOnWriteArrayList<>();
        runtime.register(first, (env, ctx) -> {
            seen.add(env);
            mdc.add(MDC.get("correlationId"));
            ctx.send(second, new Text(env.payload().value() + "!"));
        });
        runtime.register(second, (env, ctx) -> {
            seen.add(env);
            mdc.add(MDC.get("correlationId"));
        });
        runtime.start();

        assertThat(runtime.send(first, new Text("hi"), "corr-1")).isEqualTo(Delivery.ACCEPTED);

        await().until(() -> seen.size() == 2);
        Envelope<Text> in = seen.get(0);
        Envelope<Text> out = seen.get(1);
        assertThat(in.correlationId()).isEqualTo("corr-1");
        assertThat(in.source()).isEqualTo("external");
        assertThat(in.causationId()).isNull();
        assertThat(out.payload().value()).isEqualTo("hi!");
        assertThat(out.correlationId()).isEqualTo("corr-1");
        assertThat(out.causationId()).isEqualTo(in.messageId());
        assertThat(out.source()).isEqualTo("first");
        assertThat(mdc).containsExactly("corr-1", "corr-1");
    }

    @Test
    void deliverHandsOverABuiltEnvelopeWithItsOwnIds() {
        Address<Text> inbox = Address.of("inbox", Text.class);
        List<Envelope<Text>> seen = new CopyOnWriteArrayList<>();
        runtime.register(inbox, (env, ctx) -> seen.add(env));
        runtime.start();
        Envelope<Text> built = new Envelope<>("m-42", "Text", "corr-9", "m-41", "elsewhere", "inbox",
                Instant.parse("2026-01-01T00:00:00Z"), new Text("relayed"));

        assertThat(runtime.deliver(built)).isEqualTo(Delivery.ACCEPTED);
        assertThat(runtime.deliver(new Envelope<>("m-43", "Text", "c", null, "x", "nobody",
                Instant.EPOCH, new Text("lost")))).isEqualTo(Delivery.NO_HANDLER);

        await().until(() -> seen.size() == 1);
        assertThat(seen.get(0)).isSameAs(built);
    }

    @Test
    void deliverToSubscribersKeepsTheEventsIdsForEverySubscriber() {
        Address<Event> audit = Address.of("audit", Event.class);
        Address<Event> mail = Address.of("mail", Event.class);
        List<Envelope<Event>> seen = new CopyOnWriteArrayList<>();
        runtime.register(audit, (env, ctx) -> seen.add(env));
        runtime.register(mail, (env, ctx) -> seen.add(env));
        runtime.subscribe(Event.class, audit);
        runtime.subscribe(Event.class, mail);
        runtime.start();
        Event event = new AccountOpened("c-1");
        Envelope<Event> built = new Envelope<>("e-7", "AccountOpened", "corr-3", "m-6", "balance", "",
                Instant.parse("2026-01-01T00:00:00Z"), event);

        assertThat(runtime.deliverToSubscribers(built)).isEqualTo(2);

        await().until(() -> seen.size() == 2);
        assertThat(seen).extracting(Envelope::target).containsExactlyInAnyOrder("audit", "mail");
        assertThat(seen).allSatisfy(e -> {
            assertThat(e.messageId()).isEqualTo("e-7");
            assertThat(e.correlationId()).isEqualTo("corr-3");
            assertThat(e.causationId()).isEqualTo("m-6");
            assertThat(e.payload()).isSameAs(event);
        });
    }

    @Test
    void anOutsideSendWithoutCorrelationStartsANewOne() {
        Address<Text> a = Address.of("a", Text.class);
        List<Envelope<Text>> seen = new CopyOnWriteArrayList<>();
        runtime.register(a, (env, ctx) -> seen.add(env));
        runtime.start();
        runtime.send(a, new Text("x"), null);
        runtime.send(a, new Text("y"), null);
        await().until(() -> seen.size() == 2);
        assertThat(seen.get(0).correlationId()).isNotBlank().isNotEqualTo(seen.get(1).correlationId());
        assertThat(seen.get(0).messageId()).isNotEqualTo(seen.get(1).messageId());
    }

    @Test
    void publishReachesEverySubscriberOfTheTypeOrASupertype() {
        Map<String, Envelope<?>> got = new ConcurrentHashMap<>();
        Address<AccountOpened> exact = Address.of("exact", AccountOpened.class);
        Address<Event> broad = Address.of("broad", Event.class);
        Address<Object> relay = Address.of("relay", Object.class);
        Address<Text> bystander = Address.of("bystander", Text.class);
        runtime.register(exact, (env, ctx) -> got.put("exact", env));
        runtime.register(broad, (env, ctx) -> got.put("broad", env));
        runtime.register(relay, (env, ctx) -> {
            got.put("relay", env);
            ctx.publish(new AccountOpened("from-relay"));
        });
        runtime.register(bystander, (env, ctx) -> got.put("bystander", env));
        runtime.subscribe(AccountOpened.class, exact);
        runtime.subscribe(Event.class, broad);
        runtime.subscribe(Text.class, relay);
        runtime.start();

        assertThat(runtime.publish(new AccountOpened("acc-1"), "corr-e")).isEqualTo(2);
        await().until(() -> got.size() == 2);
        assertThat(got.get("exact").correlationId()).isEqualTo("corr-e");
        assertThat(got.get("broad").payload()).isEqualTo(new AccountOpened("acc-1"));

        got.clear();
        assertThat(runtime.publish(new Text("go"), "corr-r")).isEqualTo(1);
        await().until(() -> got.size() == 3);
        assertThat(got.get("exact").correlationId()).isEqualTo("corr-r");
        assertThat(got.get("exact").causationId()).isEqualTo(got.get("relay").messageId());
        assertThat(got).doesNotContainKey("bystander");
    }

    @Test
    void publishWithoutSubscribersReachesNobody() {
        runtime.start();
        assertThat(runtime.publish(new Text("nobody"), null)).isZero();
    }

    @Test
    void scheduledMessagesKeepCorrelationAndCause() {
        Address<Text> timer = Address.of("timer", Text.class);
        List<Envelope<Text>> seen = new CopyOnWriteArrayList<>();
        runtime.register(timer, (env, ctx) -> {
            seen.add(env);
            if (env.payload().value().equals("start")) {
                ctx.schedule(Duration.ofMillis(20), timer, new Text("later"));
            }
        });
        runtime.start();
        runtime.send(timer, new Text("start"), "corr-s");
        await().until(() -> seen.size() == 2);
        assertThat(seen.get(1).payload().value()).isEqualTo("later");
        assertThat(seen.get(1).correlationId()).isEqualTo("corr-s");
        assertThat(seen.get(1).causationId()).isEqualTo(seen.get(0).messageId());
    }

    @Test
    void sendingToAnUnknownAddressIsAValue() {
        runtime.start();
        assertThat(runtime.send(Address.of("nobody", Text.class), new Text("?"), null)).isEqualTo(Delivery.NO_HANDLER);
    }

    @Test
    void severalRuntimesLiveInOneJvm() {
        WorkerRuntime other = WorkerRuntime.create(config("other"));
        try {
            Address<Text> a = Address.of("a", Text.class);
            List<String> here = new CopyOnWriteArrayList<>();
            List<String> there = new CopyOnWriteArrayList<>();
            runtime.register(a, (env, ctx) -> here.add(env.payload().value()));
            other.register(a, (env, ctx) -> there.add(env.payload().value()));
            runtime.start();
            other.start();
            runtime.send(a, new Text("1"), null);
            other.send(a, new Text("2"), null);
            await().until(() -> here.size() == 1 && there.size() == 1);
            assertThat(here).containsExactly("1");
            assertThat(there).containsExactly("2");
        } finally {
            other.shutdownNow();
        }
    }
}
