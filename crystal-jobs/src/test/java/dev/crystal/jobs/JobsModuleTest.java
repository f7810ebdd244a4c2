package dev.crystal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The compiled module descriptor exports the API and the store SPI only, and opens only the migrations' folder
 * (to everyone: a class loader finds a named module's resources only in unconditionally opened packages, and Flyway
 * reads them through one; the folder holds SQL, no classes). The tests run on the class path (the sandbox tests start
 * child JVMs from it), where the descriptor is not in force; this reads what a module-path user gets.
 */
class JobsModuleTest {
    private static ModuleDescriptor descriptor() throws IOException {
        Path compiled = Path.of(JobStores.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .resolve("module-info.class");
        try (InputStream in = Files.newInputStream(compiled)) {
            return ModuleDescriptor.read(in);
        }
    }

    @Test
    void onlyTheApiAndTheStoreSpiAreExported() throws IOException {
        Set<String> exported = descriptor().exports().stream().map(ModuleDescriptor.Exports::source)
                .collect(Collectors.toSet());
        assertThat(exported).containsExactlyInAnyOrder("dev.crystal.jobs", "dev.crystal.jobs.spi");
    }

    @Test
    void onlyTheMigrationsFolderIsOpen() throws IOException {
        assertThat(descriptor().opens()).singleElement().satisfies(opens -> {
            assertThat(opens.source()).isEqualTo("db.jobstore");
            assertThat(opens.isQualified()).isFalse();
        });
    }
}
