package dev.crystal.store;

/**
 * A write refused because it carries an older lease epoch than one the store has already seen for the same
 * single writer (or no epoch at all): another node took the writer's lease since, and this node's writes must not
 * land. The transaction was rolled back. Immutable.
 */
public final class StaleEpochException extends RuntimeException {
    private final String writer;
    private final long epoch;
    private final long stored;

    /** {@code writer} tried to write with {@code epoch} while the store holds {@code stored}. */
    public StaleEpochException(String writer, long epoch, long stored, String where) {
        super(epoch < 1
                ? "write to " + where + " refused: this node does not hold the lease of " + writer
                : "write to " + where + " refused: lease epoch " + epoch + " of " + writer
                        + " is stale, the store has seen epoch " + stored + " (another node took the lease)");
        this.writer = writer;
        this.epoch = epoch;
        this.stored = stored;
    }

    /** The single writer whose write was refused (e.g. the domain {@code balance}). */
    public String writer() {
        return writer;
    }

    /** The epoch the refused write carried ({@code 0}: none, the node did not hold the lease). */
    public long epoch() {
        return epoch;
    }

    /** The newest epoch the store had seen, or -1 when it was not read (no epoch given). */
    public long stored() {
        return stored;
    }
}
