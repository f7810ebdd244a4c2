package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crystal tail}: prints the platform's messages live, as YAML documents. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a running platform's messages live as YAML (domain events, as they are published).")
public final class TailCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Platform. Default: ${DEFAULT-VALUE}")
    String url;

    @picocli.CommandLine.Mixin
    ApiKeyOptions auth;

    @Option(names = "--domain", description = "Only messages from this domain (e.g. collections)")
    String domain;

    @Option(names = "--type", description = "Only this message type (e.g. SETTLEMENT_PROCESSED)")
    String type;

    @Option(names = "--count", description = "Stop after this many messages")
    Integer count;

    @Option(names = "--duration", converter = DurationConverter.class, description = "Stop after this long, e.g. 30s")
    Duration duration;

    @Override
    public Integer call() throws Exception {
        PlatformClient client;
        try {
            client = new PlatformClient(url, auth.key());
        } catch (PlatformClient.CliFailure e) {
            System.err.println("crystal tail: " + e.getMessage());
            return 1;
        }
        StringBuilder query = new StringBuilder("/messages/tail?");
        if (domain != null) {
            query.append("domain=").append(URLEncoder.encode(domain, StandardCharsets.UTF_8)).append('&');
        }
        if (type != null) {
            query.append("type=").append(URLEncoder.encode(type, StandardCharsets.UTF_8));
        }
        Instant deadline = duration == null ? null : Instant.now().plus(duration);
        HttpRequest request = client.authorized(HttpRequest.newBuilder(client.uri(query.toString()))
                .header("Accept", "text/event-stream")).GET().build();
        HttpResponse<Stream<String>> response;
        try {
            response = client.http().send(request, HttpResponse.BodyHandlers.ofLines());
        } catch (java.net.ConnectException e) {
            System.err.println("crystal tail: no platform at " + url + " (start one with ./crystal serve, or pass --url)");
            return 1;
        }
        if (response.statusCode() != 200) {
            System.err.println("crystal tail: " + url + " answered " + response.statusCode()
                    + PlatformClient.hint(response.statusCode()));
            return 1;
        }
        if (deadline != null) {
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(Duration.between(Instant.now(), deadline));
                } catch (InterruptedException ignored) {
                    Thread.currentThread().interrupt();
                }
                response.body().close();
            });
        }
        ObjectMapper json = new ObjectMapper();
        int printed = 0;
        String event = null;
        try (Stream<String> lines = response.body()) {
            for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                String line = it.next();
                if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:") && "message".equals(event)) {
                    String document = json.readValue(line.substring(5).trim(), String.class);
                    System.out.print("---\n" + document);
                    System.out.flush();
                    if (count != null && ++printed >= count) {
                        break;
                    }
                }
            }
        } catch (java.io.UncheckedIOException closed) {
            // the duration ended or the platform stopped
        }
        return 0;
    }
}
