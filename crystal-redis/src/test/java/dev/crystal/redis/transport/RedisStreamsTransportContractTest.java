package dev.crystal.redis.transport;

import dev.crystal.redis.RedisTestKeys;
import dev.crystal.runtime.spi.Transport;
import dev.crystal.testsupport.TransportContract;
import java.time.InstantSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the transport contract against Redis Streams on {@code 127.0.0.1:6379} (override with
 * {@code -Dcrystal.redis.uri}); each test has its own key prefix and its keys are deleted afterwards.
 */
class RedisStreamsTransportContractTest extends TransportContract {

    @RegisterExtension
    final RedisTestKeys keys = new RedisTestKeys(prefix -> prefix + ":*");

    @Override
    protected Transport createTransport(InstantSource clock) {
        return RedisStreamsTransport.open(RedisTestKeys.URI, RedisStreamsSettings.defaults(keys.prefix()),
                TestCodecs.ping(), clock);
    }
}
