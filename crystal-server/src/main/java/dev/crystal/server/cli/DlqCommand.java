package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code crystal dlq}: dead letters of a running platform, as YAML; replay after a fix. */
@Command(name = "dlq", mixinStandardHelpOptions = true, description = "List, show and replay dead letters.",
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Show.class, DlqCommand.Replay.class})
public final class DlqCommand {

    @Option(names = "--url", defaultValue = "http://localhost:8080", scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "Platform. Default: ${DEFAULT-VALUE}")
    String url;

    @Command(name = "list", description = "Every dead letter, as YAML.")
    static final class ListLetters implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode letters = new PlatformClient(parent.url).get("/dlq").get("deadLetters");
                if (letters.isEmpty()) {
                    System.out.println("# no dead letters");
                } else {
                    System.out.print(Yaml.printer().writeValueAsString(letters));
                }
                return 0;
            });
        }
    }

    @Command(name = "show", description = "One dead letter with a short error text, as YAML (the stack trace is in the server log).")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Parameters(index = "0", description = "dead letter id (see list)")
        String id;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode letter = new PlatformClient(parent.url).get("/dlq/" + JobsCommand.enc(id));
                System.out.print(Yaml.printer().writeValueAsString(letter));
                return 0;
            });
        }
    }

    @Command(name = "replay", description = "Send a dead letter to its worker again (after fixing the cause).")
    static final class Replay implements Callable<Integer> {
        @ParentCommand
        DlqCommand parent;

        @Parameters(index = "0", description = "dead letter id")
        String id;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode result = new PlatformClient(parent.url).post("/dlq/" + JobsCommand.enc(id) + "/replay", "");
                System.out.println("replayed " + id + ": " + result.path("delivery").asText());
                return 0;
            });
        }
    }
}
