package dev.crystal.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterWorkerExampleTest {

    @Test
    void theDocumentedExampleWorks() {
        assertThat(CounterWorkerExample.run()).isEqualTo(7L);
    }
}
