package dev.crystal.server.http;

/**
 * Decides whether a settlement still running when its answer is due may be answered {@code 202 pending}. A 202 is a
 * promise that the settlement finishes (completed or failed) without being sent again, so it may only be given once
 * the request is durable: in a cluster, once collections committed the settlement's row to PostgreSQL (its holder's
 * sweep then finishes it wherever the lease goes), or when the stream that carries the request fsyncs every write
 * (Redis {@code appendfsync always}). Otherwise the route answers {@code 503 NOT_ACCEPTED} and the client sends the
 * same request again (idempotent by {@code settlementId}). Called from HTTP request threads: implementations are
 * thread-safe.
 */
@FunctionalInterface
public interface PendingAcceptance {

    /**
     * Embedded mode: the request sits in this process's mailbox and its answer leaves the same process; a 202 is
     * given whenever the wait ends (docs/reliability.md says what a crash of that process then loses).
     */
    PendingAcceptance IN_PROCESS = settlementId -> true;

    /**
     * Whether the settlement {@code settlementId}, whose outcome did not arrive in time, is durable now. A check that
     * cannot be made (a store that does not answer) answers {@code false}: nothing is promised that cannot be kept.
     */
    boolean durable(String settlementId);
}
