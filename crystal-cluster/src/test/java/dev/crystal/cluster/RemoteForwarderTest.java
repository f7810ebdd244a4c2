package dev.crystal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.crystal.runtime.Address;
import dev.crystal.runtime.Delivery;
import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.Reply;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.Request;
import dev.crystal.runtime.RuntimeConfig;
import dev.crystal.runtime.Worker;
import dev.crystal.runtime.WorkerRuntime;
import dev.crystal.runtime.spi.Inbound;
import dev.crystal.runtime.spi.ReplyFailed;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportReceiver;
import dev.crystal.runtime.spi.TransportSender;
import dev.crystal.testsupport.InMemoryTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RemoteForwarderTest {
    record Note(String text) {
    }

    record Question(String text) implements Request<String> {
    }

    private final Transport transport = new InMemoryTransport(InstantSource.system(), 2);
    private final WorkerRuntime runtime = WorkerRuntime.create(RuntimeConfig.defaults("forwarder-test"));
    private final PendingReplies pending = new PendingReplies(Duration.ofMinutes(1));

    @AfterEach
    void stop() {
        runtime.shutdownNow();
        transport.close();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <T> void forward(Address<T> address) {
        runtime.register((Address) address, (Worker) new RemoteForwarder(transport, "domain." + address.name(),
                "replies.me", pending));
    }

    @Test
    void aFullStreamHoldsMessagesBackInsteadOfLosingThem() {
        Address<Note> notes = Address.of("notes", Note.class);
        forward(notes);
        TransportReceiver receiver = transport.openReceiver("domain.notes", "notes", "c");
        runtime.start();
        for (int i = 0; i < 6; i++) {
            assertThat(runtime.send(notes, new Note("n" + i), "corr")).isEqualTo(Delivery.ACCEPTED);
        }
        List<String> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<Inbound> batch = receiver.poll(1); // a slow consumer: the stream holds two at most
            batch.forEach(i -> got.add(((Note) i.envelope().payload()).text()));
            receiver.ack(batch);
            return got.size() == 6;
        });
        assertThat(got).containsExactly("n0", "n1", "n2", "n3", "n4", "n5");
    }

    @Test
    void aRequestTravelsWithTheReplyDestinationAndItsHandleWaits() {
        Address<Question> questions = Address.of("questions", Question.class);
        forward(questions);
        TransportReceiver receiver = transport.openReceiver("domain.questions", "questions", "c");
        runtime.start();
        CompletableFuture<Reply<String>> answer = runtime.request(questions, new Question("why?"), "corr-q",
                Duration.ofSeconds(10));
        List<Inbound> got = new ArrayList<>();
        await().until(() -> got.addAll(receiver.poll(10)) && !got.isEmpty());
        Inbound request = got.get(0);
        assertThat(request.replyTo()).isEqualTo("replies.me");
        assertThat(request.envelope().correlationId()).isEqualTo("corr-q");
        assertThat(pending.size()).isEqualTo(1);

        pending.take(request.envelope().messageId()).fail(ReplyFailure.RECIPIENT_FAILURE, "no idea");
        assertThat(answer.join()).isInstanceOfSatisfying(Reply.Failure.class,
                f -> assertThat(f.kind()).isEqualTo(ReplyFailure.RECIPIENT_FAILURE));
    }

    @Test
    void theReplyPumpCompletesTheWaitingHandleByCausation() throws Exception {
        Address<Question> questions = Address.of("questions", Question.class);
        forward(questions);
        TransportReceiver receiver = transport.openReceiver("domain.questions", "questions", "c");
        ReplyPump pump = new ReplyPump(transport, "replies.me", "me", pending);
        runtime.start();
        pump.start();
        try {
            CompletableFuture<Reply<String>> ok = runtime.request(questions, new Question("a"), null, Duration.ofSeconds(10));
            CompletableFuture<Reply<String>> bad = runtime.request(questions, new Question("b"), null, Duration.ofSeconds(10));
            List<Inbound> got = new ArrayList<>();
            await().until(() -> got.addAll(receiver.poll(10)) && got.size() == 2);
            try (TransportSender sender = transport.openSender()) {
                for (Inbound in : got) {
                    Envelope<?> q = in.envelope();
                    Object payload = ((Question) q.payload()).text().equals("a") ? "answer-a"
                            : new ReplyFailed(ReplyFailure.REJECTED, "full");
                    sender.send(new Envelope<>(q.messageId() + "/reply", "x", q.correlationId(), q.messageId(), "far",
                            in.replyTo(), Instant.now(), payload));
                }
            }
            assertThat(ok.get()).isEqualTo(Reply.success("answer-a"));
            assertThat(bad.get()).isInstanceOfSatisfying(Reply.Failure.class, f -> {
                assertThat(f.kind()).isEqualTo(ReplyFailure.REJECTED);
                assertThat(f.detail()).isEqualTo("full");
            });
            assertThat(pending.size()).isZero();
        } finally {
            pump.close();
        }
    }

    @Test
    void aBatchedMessageWaitsForItsCountOrItsDelayAndAnUnbatchedOneTakesTheWaitingAlong() {
        Address<Note> notes = Address.of("batched-notes", Note.class);
        AtomicReference<ForwardBatching.Batch> batching = new AtomicReference<>(new ForwardBatching.Batch(3,
                Duration.ofSeconds(1)));
        runtime.register(notes, (Worker) new RemoteForwarder(transport, "domain.batched-notes", "replies.me", pending,
                payload -> { }, (source, target, correlationId) -> batching.get()));
        TransportReceiver receiver = transport.openReceiver("domain.batched-notes", "notes", "c");
        runtime.start();
        List<String> got = new ArrayList<>();

        // two of three: they wait (up to the 1 s delay), then go together
        runtime.send(notes, new Note("a"), "c1");
        runtime.send(notes, new Note("b"), "c2");
        assertThat(receiver.poll(10)).isEmpty();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            receiver.poll(10).forEach(i -> got.add(((Note) i.envelope().payload()).text()));
            return got.size() == 2;
        });

        // a delay far away: only the count can send them
        batching.set(new ForwardBatching.Batch(3, Duration.ofMinutes(5)));
        runtime.send(notes, new Note("c"), "c3");
        runtime.send(notes, new Note("d"), "c4");
        runtime.send(notes, new Note("e"), "c5");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            receiver.poll(10).forEach(i -> got.add(((Note) i.envelope().payload()).text()));
            return got.size() == 5;
        });

        // one waiting, then batching off (a fallback): the waiting one goes first, with it
        runtime.send(notes, new Note("f"), "c6");
        batching.set(null);
        runtime.send(notes, new Note("g"), "c7");
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            receiver.poll(10).forEach(i -> got.add(((Note) i.envelope().payload()).text()));
            return got.size() == 7;
        });
        assertThat(got).containsExactly("a", "b", "c", "d", "e", "f", "g");
    }

    @Test
    void aMessageTheCheckRefusesIsDeadLetteredWithTheReasonAndNeverReachesTheStream() {
        Address<Note> notes = Address.of("checked-notes", Note.class);
        runtime.register(notes, (Worker) new RemoteForwarder(transport, "domain.checked-notes", "replies.me", pending,
                payload -> {
                    if (((Note) payload).text().isBlank()) {
                        throw new IllegalArgumentException("text: must not be blank");
                    }
                }, null));
        TransportReceiver receiver = transport.openReceiver("domain.checked-notes", "notes", "c");
        runtime.start();

        runtime.send(notes, new Note(" "), "c1");
        runtime.send(notes, new Note("fine"), "c2");

        List<String> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            receiver.poll(10).forEach(i -> got.add(((Note) i.envelope().payload()).text()));
            return got.size() == 1;
        });
        assertThat(got).containsExactly("fine");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(runtime.deadLetters().open()).singleElement()
                .satisfies(letter -> assertThat(letter.reason()).contains("text: must not be blank")));
    }
}
