package dev.crystal.redis.jobs;

import dev.crystal.redis.RedisTestKeys;

/** The test keys of a {@link RedisJobStore}: everything under its hash-tagged key base. Stateless. */
final class RedisJobKeys {
    private RedisJobKeys() {
    }

    static RedisTestKeys cleaner() {
        return new RedisTestKeys(prefix -> RedisJobStore.keyBase(prefix).replace("{", "\\{").replace("}", "\\}") + "*");
    }
}
