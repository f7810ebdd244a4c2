package dev.crystal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class JobsExampleTest {
    @Test
    @Timeout(30)
    void documentedExampleRuns(@TempDir Path dir) throws Exception {
        assertThat(JobsExample.run(dir)).isEqualTo("\"2 partners\"");
    }
}
