package dev.crystal.settlement.kernel;

/**
 * The port through which a domain announces that one of its read views changed, so that a cache in front of those
 * reads drops the entry. A domain worker calls it on its own thread at the moment it changes the state behind the
 * view, before it answers the command (or finishes handling the event) that caused the change; the platform's
 * replies are released only after that, so a caller that got an answer never reads the view from before it.
 * Implementations must be fast and must not throw (a failure is theirs to report).
 */
@FunctionalInterface
public interface ViewChanges {

    /** The views the platform reads through a cache. */
    enum View {
        /** A customer's balance ({@code GET /customers/{id}/balance}), keyed by customer id. */
        BALANCE,
        /** An affiliate's terms, customers and statements ({@code GET /affiliates/{id}}), keyed by affiliate id. */
        AFFILIATE,
        /** A bonus's terms and progress ({@code GET /bonuses/{id}}), keyed by transaction id. */
        BONUS
    }

    /** Does nothing: for a platform without a read cache. */
    ViewChanges NONE = (view, id, cause) -> { };

    /**
     * The view {@code view} of {@code id} changed.
     *
     * @param cause what changed it, in the catalogue's event vocabulary ({@code BALANCE_UPDATED},
     *              {@code HOLD_PLACED}, {@code AFFILIATE_UPDATED}, {@code BONUS_WAGERED}, ...)
     */
    void changed(View view, String id, String cause);
}
