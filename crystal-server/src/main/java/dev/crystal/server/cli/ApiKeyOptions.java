package dev.crystal.server.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Where a command that talks to a platform finds its API key: {@code --api-key}, else the environment variable
 * {@value #ENV}, else {@code <--data-dir>/admin.key} (written by the first {@code crystal serve}), so on the
 * machine running the platform no extra step is needed. A picocli mixin; read on the command's thread.
 */
final class ApiKeyOptions {
    /** The environment variable holding a key. */
    static final String ENV = "CRYSTAL_API_KEY";

    @Option(names = "--api-key", scope = ScopeType.INHERIT, paramLabel = "KEY",
            description = "API key to send. Default: env " + ENV + ", else the admin.key in --data-dir")
    String apiKey;

    @Option(names = "--data-dir", scope = ScopeType.INHERIT, defaultValue = "./data", paramLabel = "DIR",
            description = "Data directory whose admin.key is used when no key is given. Default: ${DEFAULT-VALUE}")
    Path dataDir;

    /** The key to send, or {@code null} when none is found (the platform will then answer 401). */
    String key() {
        if (apiKey != null && !apiKey.isBlank()) {
            return apiKey.trim();
        }
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv.trim();
        }
        Path file = (dataDir == null ? Path.of("data") : dataDir).resolve("admin.key");
        if (Files.isReadable(file)) {
            try {
                String key = Files.readString(file).trim();
                return key.isEmpty() ? null : key;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return null;
    }
}
