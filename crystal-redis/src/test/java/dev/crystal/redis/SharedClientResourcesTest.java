package dev.crystal.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every client of the process runs on one set of Lettuce resources (one timer, one pair of pools) while any is open;
 * the set goes when the last client is shut down, and the next client starts a fresh one. Needs the local Redis.
 */
class SharedClientResourcesTest {
    private static final String URI = "redis://127.0.0.1:6379";

    @Test
    void clientsShareOneSetOfResourcesUntilTheLastIsShutDown() {
        int before = SharedClientResources.clients();
        RedisClient first = SharedClientResources.client(URI);
        RedisClient second = SharedClientResources.client(URI);
        ClientResources shared = first.getResources();
        assertThat(second.getResources()).isSameAs(shared);
        try (StatefulRedisConnection<String, String> a = first.connect();
             StatefulRedisConnection<String, String> b = second.connect()) {
            assertThat(a.sync().ping()).isEqualTo("PONG");
            assertThat(b.sync().ping()).isEqualTo("PONG");
        }
        assertThat(SharedClientResources.clients()).isEqualTo(before + 2);

        SharedClientResources.shutdown(first);
        SharedClientResources.shutdown(first); // twice: counted once
        assertThat(SharedClientResources.clients()).isEqualTo(before + 1);
        if (before == 0) {
            assertThat(shared.eventExecutorGroup().isShuttingDown()).isFalse(); // the second client still uses it
        }
        try (StatefulRedisConnection<String, String> b = second.connect()) {
            assertThat(b.sync().ping()).isEqualTo("PONG");
        }

        SharedClientResources.shutdown(second);
        assertThat(SharedClientResources.clients()).isEqualTo(before);
        if (before == 0) {
            assertThat(shared.eventExecutorGroup().isShuttingDown()).isTrue(); // the last one took the set with it
            RedisClient next = SharedClientResources.client(URI);
            try (StatefulRedisConnection<String, String> c = next.connect()) {
                assertThat(next.getResources()).isNotSameAs(shared);
                assertThat(c.sync().ping()).isEqualTo("PONG");
            } finally {
                SharedClientResources.shutdown(next);
            }
        }
    }

    @Test
    void aClusterClientUsesTheSameSet() {
        RedisClient plain = SharedClientResources.client(URI);
        var cluster = ClusterSeeds.client(List.of("redis://127.0.0.1:7999"));
        try {
            assertThat(cluster.getResources()).isSameAs(plain.getResources());
        } finally {
            SharedClientResources.shutdown(cluster);
            SharedClientResources.shutdown(plain);
        }
    }
}
