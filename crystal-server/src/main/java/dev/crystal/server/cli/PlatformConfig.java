package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.crystal.wire.WireFlagSnapshot;
import dev.crystal.wire.WireFlagsYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

/** Reads {@code crystal.yaml}: today its {@code wire: flags:} section. Stateless. */
final class PlatformConfig {
    static final Path DEFAULT_FILE = Path.of("crystal.yaml");
    private static final Set<String> KEYS = Set.of("wire");

    private PlatformConfig() {
    }

    /**
     * The wire flags from {@code file} (or ./crystal.yaml when null and present), else the defaults.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    static WireFlagSnapshot flags(Path file) {
        Path chosen = file != null ? file : (Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null);
        if (chosen == null) {
            return WireFlagSnapshot.defaults();
        }
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(chosen));
        } catch (IOException e) {
            throw new IllegalArgumentException(chosen + ": cannot read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return WireFlagSnapshot.defaults();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(chosen + ": must be a mapping with a wire: flags: section");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException(chosen + ": unknown key '" + name + "' (known: " + KEYS + ")");
            }
        }
        JsonNode wire = root.path("wire");
        for (Iterator<String> names = wire.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("flags")) {
                throw new IllegalArgumentException(chosen + ": unknown key 'wire." + name + "' (known: wire.flags)");
            }
        }
        try {
            return wire.has("flags") ? new WireFlagsYaml().read(wire.get("flags")) : WireFlagSnapshot.defaults();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(chosen + ": " + e.getMessage());
        }
    }
}
