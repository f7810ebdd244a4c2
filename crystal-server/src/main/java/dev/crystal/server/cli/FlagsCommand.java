package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code crystal flags}: the wire feature flags of a running platform (codec, compression, batching). */
@Command(name = "flags", mixinStandardHelpOptions = true,
        description = "Show and change the wire feature flags of a running platform; every change is audited.",
        subcommands = {FlagsCommand.Show.class, FlagsCommand.Set.class, FlagsCommand.Fallback.class,
                FlagsCommand.Resume.class, FlagsCommand.Audit.class})
public final class FlagsCommand {

    @CommandLine.Mixin
    PlatformTarget target;

    static void printYaml(JsonNode node) throws Exception {
        System.out.print(Yaml.printer().writeValueAsString(node));
    }

    @Command(name = "show", description = "The flags in force on the node, as YAML (crystal.yaml flags: format), "
            + "after a comment with their version.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        FlagsCommand parent;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode shown = parent.target.client().get("/admin/flags");
                // the version first: the same number on every node means every node runs these flags
                System.out.println("# version " + shown.path("version").asText("?") + (shown.path("fallback").asBoolean()
                        ? " (FALLBACK in force: every frame binary, uncompressed, unbatched)" : ""));
                printYaml(shown.get("flags"));
                return 0;
            });
        }
    }

    @Command(name = "set", description = "Replace the flags with those in FILE (crystal.yaml flags: format).")
    static final class Set implements Callable<Integer> {
        @ParentCommand
        FlagsCommand parent;

        @Parameters(index = "0", description = "YAML file with the flags")
        Path file;

        @Option(names = "--by", description = "Optional: the audit records the API key's holder; when given it must "
                + "be that key's name")
        String by;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                JsonNode changes = parent.target.client().put("/admin/flags" + byQuery(by),
                        Files.readString(file));
                printYaml(changes);
                return 0;
            });
        }
    }

    /** Enter or leave instant fallback; audited with who asked. */
    abstract static class FallbackSwitch extends NamedSubcommand {
        @ParentCommand
        FlagsCommand parent;

        @Option(names = "--by", description = "Optional: the audit records the API key's holder; when given it must "
                + "be that key's name")
        String by;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                printYaml(parent.target.client().post("/admin/flags/" + verb() + byQuery(by), ""));
                return 0;
            });
        }
    }

    @Command(name = "fallback", description = "Instant fallback: every route uses its fallback codec, no rollout.")
    static final class Fallback extends FallbackSwitch {
    }

    @Command(name = "resume", description = "Leave fallback: the configured flags apply again.")
    static final class Resume extends FallbackSwitch {
    }

    private static String byQuery(String by) {
        return by == null ? "" : "?by=" + JobsCommand.enc(by);
    }

    @Command(name = "audit", description = "Every change so far: who, when, old, new.")
    static final class Audit implements Callable<Integer> {
        @ParentCommand
        FlagsCommand parent;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                printYaml(parent.target.client().get("/admin/flags/audit"));
                return 0;
            });
        }
    }
}
