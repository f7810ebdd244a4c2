package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crystal.wire.DecoderLimits;
import dev.crystal.wire.FrameReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crystal tail}: prints the platform's messages live, as YAML documents, or with {@code --raw} as the wire
 * frames the platform writes for them (one base64 line each, or one file each with {@code --out DIR}), ready for
 * {@code crystal decode}.
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = "Print a running platform's messages live as YAML (domain events, as they are published), "
                + "or with --raw as wire frames (base64 lines, or files with --out) for crystal decode.")
public final class TailCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Platform. Default: ${DEFAULT-VALUE}")
    String url;

    @CommandLine.Mixin
    ApiKeyOptions auth;

    @Option(names = "--domain", description = "Only messages from this domain (e.g. collections)")
    String domain;

    @Option(names = "--type", description = "Only this message type (e.g. SETTLEMENT_PROCESSED)")
    String type;

    @Option(names = "--count", description = "Stop after this many messages")
    Integer count;

    @Option(names = "--duration", converter = DurationConverter.class, description = "Stop after this long, e.g. 30s")
    Duration duration;

    @Option(names = "--raw", description = "Print each message as the wire frame the platform writes for it "
            + "(base64, one per line; decode with: crystal decode --base64)")
    boolean raw;

    @Option(names = "--codec", description = "With --raw: write the frames with this codec (binary, json, yaml) "
            + "instead of the one the wire flags choose for the route")
    String codec;

    @Option(names = "--out", description = "With --raw: write each frame to a file in this directory "
            + "(NNNNNN-TYPE.frame) instead of printing base64")
    Path out;

    @Override
    public Integer call() throws Exception {
        PlatformClient client;
        try {
            client = new PlatformClient(url, auth.key());
        } catch (PlatformClient.CliFailure e) {
            System.err.println("crystal tail: " + e.getMessage());
            return e.exitCode();
        }
        if (!raw && (codec != null || out != null)) {
            System.err.println("crystal tail: --codec and --out only apply with --raw");
            return 2;
        }
        if (codec != null && !Set.of("binary", "json", "yaml").contains(codec.toLowerCase(Locale.ROOT))) {
            System.err.println("crystal tail: --codec must be binary, json or yaml, was '" + codec + "'");
            return 2;
        }
        if (out != null) {
            Files.createDirectories(out);
        }
        StringBuilder query = new StringBuilder("/messages/tail?");
        if (raw) {
            query.append("raw=true&");
            if (codec != null) {
                query.append("codec=").append(URLEncoder.encode(codec, StandardCharsets.UTF_8)).append('&');
            }
        }
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
        } catch (ConnectException e) {
            System.err.println("crystal tail: no platform at " + url + " (start one with ./crystal serve, or pass --url)");
            return 1;
        }
        if (response.statusCode() != 200) {
            String detail;
            try (Stream<String> lines = response.body()) {
                String text = lines.limit(20).collect(Collectors.joining("\n"));
                detail = new ObjectMapper().readTree(text).path("message").asText(text);
            } catch (Exception notJson) {
                detail = "";
            }
            System.err.println("crystal tail: " + url + " answered " + response.statusCode()
                    + (detail.isBlank() ? "" : ": " + detail) + PlatformClient.hint(response.statusCode()));
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
                } else if (line.startsWith("data:") && "error".equals(event)) {
                    System.err.println("crystal tail: " + line.substring(5).trim());
                    return 1;
                } else if (line.startsWith("data:") && "frame".equals(event)) {
                    String base64 = json.readValue(line.substring(5).trim(), String.class);
                    if (out == null) {
                        System.out.println(base64);
                    } else {
                        byte[] frame = Base64.getDecoder().decode(base64);
                        Path file = out.resolve(String.format("%06d-%s.frame", printed + 1, frameType(frame)));
                        Files.write(file, frame);
                        System.out.println(file);
                    }
                    System.out.flush();
                    if (++printed >= (count == null ? Integer.MAX_VALUE : count)) {
                        break;
                    }
                } else if (line.startsWith("data:") && "message".equals(event)) {
                    String document = json.readValue(line.substring(5).trim(), String.class);
                    System.out.print("---\n" + document);
                    System.out.flush();
                    if (count != null && ++printed >= count) {
                        break;
                    }
                }
            }
        } catch (UncheckedIOException closed) {
            // the duration ended or the platform stopped
        }
        return 0;
    }

    /** The message type named in a frame's header (for the file name), or {@code frame} if it cannot be read. */
    private static String frameType(byte[] frame) {
        try {
            return new FrameReader(DecoderLimits.defaults()).read(frame).messageType();
        } catch (RuntimeException unreadable) {
            return "frame";
        }
    }
}
