package dev.crystal.wire;

import java.util.Objects;

/**
 * Decides how one frame goes on the wire from its route and correlation id; senders call it for every frame,
 * so implementations must be cheap and thread-safe. {@link WireFlags} is the live one.
 */
@FunctionalInterface
public interface WireSettingsResolver {

    /**
     * The settings of one frame.
     *
     * @param source        sender (domain or address name)
     * @param target        receiver (domain or address name)
     * @param correlationId decides percentage rollouts
     */
    WireSettings resolve(String source, String target, String correlationId);

    /** The same settings for every frame. */
    static WireSettingsResolver fixed(WireSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return (source, target, correlationId) -> settings;
    }
}
