package dev.crystal.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The running platform a command talks to: {@code --url} and the API key ({@link ApiKeyOptions}). A picocli mixin of
 * every command that calls the HTTP API; read on the command's thread.
 */
final class PlatformTarget {

    @Option(names = "--url", defaultValue = "http://localhost:8080", scope = CommandLine.ScopeType.INHERIT,
            description = "Platform. Default: ${DEFAULT-VALUE}")
    String url;

    @CommandLine.Mixin
    ApiKeyOptions auth;

    /** A client for {@link #url} sending the key found (or none). */
    PlatformClient client() {
        return new PlatformClient(url, auth.key());
    }
}
