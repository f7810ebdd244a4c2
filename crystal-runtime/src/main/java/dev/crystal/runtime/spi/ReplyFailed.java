package dev.crystal.runtime.spi;

import dev.crystal.runtime.ReplyFailure;
import java.util.Objects;

/**
 * The answer to a request that crossed a transport and failed on the far side: the payload of a reply envelope
 * sent to the requester's reply-to destination instead of a reply value.
 *
 * @param kind   why the request failed
 * @param detail what the far side said
 */
public record ReplyFailed(ReplyFailure kind, String detail) {

    public ReplyFailed {
        Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail;
    }
}
