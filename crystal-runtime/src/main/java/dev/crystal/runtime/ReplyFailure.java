package dev.crystal.runtime;

/** The closed set of reasons a request can fail to get a reply. */
public enum ReplyFailure {
    /** No reply arrived within the request's timeout. */
    TIMEOUT,
    /** No worker is registered at the address. */
    NO_HANDLER,
    /** The recipient's handler failed while processing the request. */
    RECIPIENT_FAILURE,
    /** The recipient's mailbox refused the request (full). */
    REJECTED,
    /** The runtime is shutting down and takes no new messages. */
    SHUTTING_DOWN
}
