package dev.crystal.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.crystal.server.wire.CliRun;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI's conventions through the real command line: --help on every command, one-line errors (never a stack
 * trace) and the documented exit codes (0 ok, 1 failed, 2 usage, 3 platform unreachable).
 */
class CliConventionsTest {
    @TempDir
    Path dir;

    /** Every command path, e.g. [dlq, list], walked from the real command tree. */
    static List<List<String>> commandPaths() {
        List<List<String>> paths = new ArrayList<>();
        walk(CrystalCommand.commandLine(), new ArrayList<>(), paths);
        return paths;
    }

    private static void walk(CommandLine cli, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        cli.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandSpec().aliases().equals(new String[0]) && !name.equals(sub.getCommandName())) {
                return; // an alias: already walked under its name
            }
            List<String> next = new ArrayList<>(path);
            next.add(name);
            walk(sub, next, paths);
        });
    }

    private static String[] args(List<String> path, String... more) {
        return Stream.concat(path.stream(), Stream.of(more)).toArray(String[]::new);
    }

    private static void assertNoStackTrace(CliRun run) {
        assertThat(run.out()).doesNotContain("\tat ", "Exception in", "at dev.crystal", "at picocli");
    }

    @Test
    void everyCommandAndSubcommandHasHelp() {
        List<List<String>> paths = commandPaths();
        assertThat(paths).contains(List.of("dlq", "list"), List.of("flags", "show"), List.of("jobs", "queues"),
                List.of("bench", "fsync"), List.of("load"));
        for (List<String> path : paths) {
            CliRun run = CliRun.of(args(path, "--help"));
            assertThat(run.exit()).as("%s --help: %s", path, run.out()).isZero();
            assertThat(run.out()).as("%s --help", path).contains("Usage:");
            assertNoStackTrace(run);
        }
    }

    @Test
    void anUnknownOptionAnywhereIsAUsageErrorOfOneLineWithAHint() {
        for (List<String> path : commandPaths()) {
            if (path.equals(List.of("help"))) {
                continue; // picocli's `help ARG` shows the usage of whatever it is given
            }
            CliRun run = CliRun.of(args(path, "--no-such-option"));
            assertThat(run.exit()).as("%s --no-such-option: %s", path, run.out()).isEqualTo(CliErrors.USAGE);
            // the unknown option is named, or (first) the missing required parameter
            assertThat(run.out()).as("%s", path).containsAnyOf("--no-such-option", "Missing required").contains("--help");
            assertNoStackTrace(run);
        }
    }

    @Test
    void missingFilesAreNamedWithoutAStackTrace() {
        CliRun decode = CliRun.of("decode", "/nope.bin");
        assertThat(decode.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(decode.out().strip()).isEqualTo("crystal decode: no such file: /nope.bin");

        CliRun flags = CliRun.of("flags", "set", "/nope.yaml", "--url", "http://127.0.0.1:" + freePort());
        assertThat(flags.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(flags.out()).contains("no such file: /nope.yaml");
        assertNoStackTrace(flags);

        CliRun send = CliRun.of("send", "/nope.yaml");
        assertThat(send.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(send.out()).contains("no such file: /nope.yaml");
    }

    @Test
    void badNumbersAndNamesAreUsageErrorsNamingTheValidValues() {
        CliRun codecs = CliRun.of("bench", "codecs", "--warmup-ms", "abc");
        assertThat(codecs.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(codecs.out()).contains("--warmup-ms", "abc");
        assertNoStackTrace(codecs);

        CliRun jobs = CliRun.of("bench", "jobs", dir.toString(), "single=abc");
        assertThat(jobs.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(jobs.out()).contains("single=abc", "not a whole number");
        assertNoStackTrace(jobs);

        CliRun profile = CliRun.of("load", "--profile", "zigzag");
        assertThat(profile.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(profile.out()).contains("constant, ramp, spike or soak");

        CliRun target = CliRun.of("load", "--target", "everything");
        assertThat(target.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(target.out()).contains("settlements or health");

        CliRun rate = CliRun.of("load", "--rate", "0", "--url", "http://127.0.0.1:" + freePort());
        assertThat(rate.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(rate.out()).contains("rate must be above 0");
        assertNoStackTrace(rate);

        CliRun warmup = CliRun.of("load", "--warmup", "soon");
        assertThat(warmup.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(warmup.out()).contains("'soon' is not a duration");
        assertNoStackTrace(warmup);

        CliRun longWarmup = CliRun.of("load", "--warmup", "2h", "--url", "http://127.0.0.1:" + freePort());
        assertThat(longWarmup.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(longWarmup.out()).contains("warmup must be 0 to 1h");
        assertNoStackTrace(longWarmup);

        CliRun fsync = CliRun.of("bench", "fsync", "--dir", dir.resolve("absent").toString());
        assertThat(fsync.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(fsync.out()).contains("no directory", "--dir");

        CliRun url = CliRun.of("jobs", "queues", "--url", "ftp://localhost");
        assertThat(url.exit()).isEqualTo(CliErrors.USAGE);
        assertThat(url.out()).contains("http://localhost:8080");
    }

    @Test
    void noPlatformAtTheUrlExitsThreeForEveryKindOfCommand() {
        String url = "http://127.0.0.1:" + freePort();
        for (String[] command : List.of(new String[] {"jobs", "queues"}, new String[] {"dlq", "list"},
                new String[] {"flags", "show"}, new String[] {"keys", "list"}, new String[] {"report"})) {
            CliRun run = CliRun.of(args(List.of(command), "--url", url, "--data-dir", dir.toString()));
            assertThat(run.exit()).as("%s: %s", List.of(command), run.out()).isEqualTo(CliErrors.UNREACHABLE);
            assertThat(run.out()).contains("no Crystal platform answers at " + url);
            assertNoStackTrace(run);
        }
        CliRun load = CliRun.of("load", "--url", url, "--duration", "1s", "--data-dir", dir.toString());
        assertThat(load.exit()).as(load.out()).isEqualTo(CliErrors.UNREACHABLE);
        assertThat(load.out()).contains("no Crystal platform answers at " + url);
    }

    @Test
    void aServerThatIsNotCrystalIsNamedAsSuch() throws IOException {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            byte[] page = "<html><body>It works!</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        other.start();
        try {
            String url = "http://127.0.0.1:" + other.getAddress().getPort();
            CliRun run = CliRun.of("jobs", "queues", "--url", url, "--data-dir", dir.toString());
            assertThat(run.exit()).as(run.out()).isEqualTo(CliErrors.UNREACHABLE);
            assertThat(run.out()).contains("does not answer like a Crystal platform", "text/html", "--url");
            assertNoStackTrace(run);
        } finally {
            other.stop(0);
        }
    }

    @Test
    void benchFsyncPrintsTheDisksFsyncTimeWithProgress() {
        CliRun run = CliRun.of("bench", "fsync", "--dir", dir.toString(), "--rounds", "20");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("crystal bench fsync: 20 rounds of 4096 B + fdatasync in", "20/20 rounds",
                "p50", "us", "settlements per fsync");
        assertThat(dir.toFile().list()).as("the probe file is removed").isEmpty();
    }

    @Test
    void benchCodecsShowsItsProgress() {
        CliRun run = CliRun.of("bench", "codecs", "--warmup-ms", "1", "--measure-ms", "1");
        assertThat(run.exit()).as(run.out()).isZero();
        assertThat(run.out()).contains("crystal bench codecs: warming up", "crystal bench codecs: measuring 1/",
                "encode (ns)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
