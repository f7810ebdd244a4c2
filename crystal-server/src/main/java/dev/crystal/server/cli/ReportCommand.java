package dev.crystal.server.cli;

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

/** {@code crystal report}: prints the YAML performance report of a running platform. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the WORKER_PERFORMANCE report (YAML) of a running platform.")
public final class ReportCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Platform base URL. Default: ${DEFAULT-VALUE}")
    URI url;

    @CommandLine.Mixin
    ApiKeyOptions auth;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response;
            try {
                response = http.send(new PlatformClient(url.toString(), auth.key())
                        .authorized(HttpRequest.newBuilder(url.resolve("/report")).timeout(Duration.ofSeconds(10)))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
            } catch (ConnectException e) {
                err.println("crystal report: no Crystal platform answers at " + url
                        + " (start one with ./crystal serve, or pass --url)");
                return CliErrors.UNREACHABLE;
            }
            if (response.statusCode() != 200) {
                err.println("crystal report: " + url.resolve("/report") + " answered " + response.statusCode()
                        + ": " + response.body() + PlatformClient.hint(response.statusCode()));
                return CliErrors.FAILED;
            }
            out.print(response.body());
            out.flush();
            return 0;
        }
    }
}
