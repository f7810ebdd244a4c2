package dev.crystal.testsupport;

import dev.crystal.runtime.spi.DeadLetterLog;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link DeadLetterLogContract} on the runtime's in-memory log ({@link DeadLetterLog#inMemory()}), which lives as
 * long as its process: a "restart" here is a new runtime on the same log. Thread ownership: the JUnit thread.
 */
class InMemoryDeadLetterLogTest extends DeadLetterLogContract {
    private final Map<String, DeadLetterLog> logs = new HashMap<>();

    @Override
    protected DeadLetterLog open(String name) {
        return logs.computeIfAbsent(name, n -> DeadLetterLog.inMemory());
    }

    @Override
    protected DeadLetterLog reopen(String name) {
        return open(name);
    }

    @Override
    protected void dropAll() {
        logs.clear();
    }
}
