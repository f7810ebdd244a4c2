package dev.crystal.server.cli;

import dev.crystal.server.ops.ReportWindow;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crystal report}: prints the YAML performance report of a running platform, since start or over a window. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the WORKER_PERFORMANCE report (YAML) of a running platform: since it started, or with "
                + "--window over the last hour, 24 hours, week or month from its stored history.")
public final class ReportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Platform base URL. Default: ${DEFAULT-VALUE}")
    URI url;

    @CommandLine.Mixin
    ApiKeyOptions auth;

    @Option(names = "--window", paramLabel = "1h|24h|7d|30d", description = "report over the last hour, 24 hours, "
            + "7 days or 30 days (also: hour, day, week, month) from the stored history. Default: since start")
    String window;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String path = "/report";
        if (window != null) {
            try {
                path = "/reports?window=" + ReportWindow.parse(window).label();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--window: " + e.getMessage());
            }
        }
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response;
            try {
                response = http.send(new PlatformClient(url.toString(), auth.key())
                        .authorized(HttpRequest.newBuilder(url.resolve(path)).timeout(Duration.ofSeconds(10)))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                err.println("crystal report: no Crystal platform answers at " + url
                        + " (start one with ./crystal serve, or pass --url)");
                return CliErrors.UNREACHABLE;
            }
            if (response.statusCode() != 200) {
                err.println("crystal report: " + url.resolve(path) + " answered " + response.statusCode()
                        + ": " + response.body() + PlatformClient.hint(response.statusCode()));
                return CliErrors.FAILED;
            }
            out.print(response.body());
            out.flush();
            return 0;
        }
    }
}
