package dev.crystal.runtime.internal;

import dev.crystal.runtime.Envelope;
import dev.crystal.runtime.MessageNames;
import dev.crystal.runtime.ReplyFailure;
import dev.crystal.runtime.ReplyHandle;
import dev.crystal.runtime.spi.FlushResult;
import dev.crystal.runtime.spi.ReplyFailed;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.runtime.spi.TransportSender;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request that arrived through a transport by sending the reply envelope to the requester's reply-to
 * destination. The reply's causation id is the request's message id, which is how the requester matches it.
 * The reply goes to the runtime's {@link ReplyWriter} for the transport (sent with the others of its batch, in one
 * flush); once that writer has stopped, on a sender of its own. Any thread may answer (a handler may keep the
 * handle); the first answer wins through {@link #answered}.
 */
final class TransportReplyHandle<R> implements ReplyHandle<R> {
    private static final Logger LOG = LoggerFactory.getLogger(TransportReplyHandle.class);

    private final Transport transport;
    private final ReplyWriter writer;
    private final String replyTo;
    private final Envelope<?> request;
    private final String source;
    private final InstantSource clock;
    private final AtomicBoolean answered = new AtomicBoolean();

    TransportReplyHandle(Transport transport, ReplyWriter writer, String replyTo, Envelope<?> request, String source,
                         InstantSource clock) {
        this.transport = transport;
        this.writer = writer;
        this.replyTo = replyTo;
        this.request = request;
        this.source = source;
        this.clock = clock;
    }

    @Override
    public boolean succeed(R value) {
        if (value == null) {
            return fail(ReplyFailure.RECIPIENT_FAILURE, source + " answered " + request.type() + " with null");
        }
        return answer(value);
    }

    @Override
    public boolean fail(ReplyFailure kind, String detail) {
        return answer(new ReplyFailed(kind, detail));
    }

    private boolean answer(Object payload) {
        if (!answered.compareAndSet(false, true)) {
            return false;
        }
        Envelope<Object> reply = new Envelope<>(request.messageId() + "/reply", MessageNames.of(payload.getClass()),
                request.correlationId(), request.messageId(), source, replyTo, clock.instant(), payload);
        if (writer != null && writer.offer(reply, replyTo, request.type())) {
            return true;
        }
        // Senders belong to one thread; a reply may come from any thread, so one sent here has its own.
        try (TransportSender sender = transport.openSender()) {
            sender.send(reply);
            FlushResult result = sender.flush();
            if (!result.allAccepted()) {
                LOG.warn("reply to {} ({}) was not taken by {}: {}", request.type(), request.messageId(), replyTo,
                        result.deliveries());
            }
        } catch (RuntimeException e) {
            LOG.warn("reply to {} ({}) could not be sent to {}: {}", request.type(), request.messageId(), replyTo,
                    e.toString());
        }
        return true;
    }

    @Override
    public String correlationId() {
        return request.correlationId();
    }
}
