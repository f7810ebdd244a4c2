package dev.crystal.runtime.spi;

import dev.crystal.runtime.Delivery;
import java.util.List;

/**
 * What one {@link TransportSender#flush()} did.
 *
 * @param deliveries one outcome per flushed envelope, in send order
 */
public record FlushResult(List<Delivery> deliveries) {

    public FlushResult {
        deliveries = List.copyOf(deliveries);
    }

    /** How many envelopes the destinations took. */
    public int accepted() {
        return (int) deliveries.stream().filter(Delivery::accepted).count();
    }

    /** {@code true} when every flushed envelope was taken. */
    public boolean allAccepted() {
        return deliveries.stream().allMatch(Delivery::accepted);
    }
}
