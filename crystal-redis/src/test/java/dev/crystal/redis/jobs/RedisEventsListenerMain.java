package dev.crystal.redis.jobs;

import dev.crystal.testsupport.EventsListenerMain;

/** The second process of {@link RedisCrossProcessEventsTest}. Args: {@code REDIS_URI PREFIX QUEUE COUNT}. */
public final class RedisEventsListenerMain {
    private RedisEventsListenerMain() {
    }

    public static void main(String[] args) throws Exception {
        try (RedisJobStore store = RedisJobStore.open(args[0], args[1])) {
            EventsListenerMain.follow(store.eventLog(), args[2], Integer.parseInt(args[3]));
        }
    }
}
