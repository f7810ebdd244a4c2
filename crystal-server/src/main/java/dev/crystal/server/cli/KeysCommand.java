package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.crystal.server.http.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code crystal keys}: make, list and revoke API keys of a running platform, over its HTTP API with an admin
 * key (by default the data directory's {@code admin.key}). A new key is printed once and never again.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list and revoke API keys (needs an admin key; the platform must be running).",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
public final class KeysCommand {

    @CommandLine.Mixin
    PlatformTarget target;

    PlatformClient client() {
        return target.client();
    }

    @Command(name = "create", description = "Make a key and print it once (it is stored hashed and cannot be shown again).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Option(names = "--role", required = true, description = "client, operator or admin")
        String role;

        @Option(names = "--name", description = "Who holds the key (recorded in audits and approvals). Default: the role")
        String name;

        @Option(names = "--customer", paramLabel = "ID", description = "Limit a client key to this customer (repeatable)")
        List<String> customers = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                ObjectNode body = Json.mapper().createObjectNode();
                body.put("role", role);
                if (name != null) {
                    body.put("name", name);
                }
                if (!customers.isEmpty()) {
                    customers.forEach(body.putArray("customers")::add);
                }
                JsonNode created = parent.client().post("/admin/keys", body.toString());
                String key = created.path("key").asText();
                ((ObjectNode) created).remove(List.of("key", "note"));
                System.out.print(Yaml.printer().writeValueAsString(created));
                System.out.println("# the key, shown only now (stored hashed, it cannot be shown again):");
                System.out.println("key: " + key);
                return 0;
            });
        }
    }

    @Command(name = "list", description = "Every key: id, name, role, customers, created, revoked (never a secret).")
    static final class ListKeys implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                System.out.print(Yaml.printer().writeValueAsString(parent.client().get("/admin/keys")));
                return 0;
            });
        }
    }

    @Command(name = "revoke", description = "Revoke a key at once: it is refused (401) from then on.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        KeysCommand parent;

        @Parameters(index = "0", paramLabel = "ID", description = "The key's id (k_…), as listed")
        String id;

        @Override
        public Integer call() throws Exception {
            return JobsCommand.run(() -> {
                System.out.print(Yaml.printer().writeValueAsString(parent.client().post(
                        "/admin/keys/" + JobsCommand.enc(id) + "/revoke", "")));
                return 0;
            });
        }
    }
}
