package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crystal.wire.SafeYaml;
import dev.crystal.wire.WireException;
import dev.crystal.wire.BatchingFlag;
import dev.crystal.wire.CodecFlag;
import dev.crystal.wire.CodecId;
import dev.crystal.wire.CompressionFlag;
import dev.crystal.wire.CompressionId;
import dev.crystal.wire.FlagScope;
import dev.crystal.wire.WireFlagSnapshot;
import dev.crystal.wire.WireSettings;
import dev.crystal.wire.WireFlagsYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.crystal.server.cluster.ClusterSettings;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code crystal.yaml}: its {@code wire: flags:} section (wire feature flags) and its {@code cluster:}
 * section (run as one node of a cluster; absent: embedded). Stateless.
 */
final class PlatformConfig {
    static final Path DEFAULT_FILE = Path.of("crystal.yaml");
    private static final Set<String> KEYS = Set.of("wire", "cluster");

    private PlatformConfig() {
    }

    /**
     * The cluster settings from {@code file} (or ./crystal.yaml when null and present); empty when the file has no
     * {@code cluster:} section, i.e. the platform runs embedded.
     *
     * @throws IllegalArgumentException naming the file, the key and the problem
     */
    static Optional<ClusterSettings> cluster(Path file) {
        Path chosen = chosen(file);
        if (chosen == null) {
            return Optional.empty();
        }
        JsonNode root = root(chosen);
        if (root == null || !root.has("cluster")) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClusterConfigYaml.read(root.get("cluster")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(chosen + ": " + e.getMessage());
        }
    }

    private static Path chosen(Path file) {
        return file != null ? file : (Files.isRegularFile(DEFAULT_FILE) ? DEFAULT_FILE : null);
    }

    /** The document's root mapping, or null for an empty file. */
    private static JsonNode root(Path chosen) {
        JsonNode root;
        String text;
        try {
            text = Files.readString(chosen);
        } catch (IOException e) {
            throw new IllegalArgumentException(chosen + ": cannot read: " + e.getMessage());
        }
        if (text.isBlank()) {
            return null;
        }
        try {
            // the one safe reader: duplicate keys, tags, merge keys, alias bombs and extreme numbers refused
            root = SafeYaml.withDefaults().read(text);
        } catch (WireException e) {
            throw new IllegalArgumentException(chosen + ": " + e.detail());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return null;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(chosen + ": must be a mapping with wire: and/or cluster: sections");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!KEYS.contains(name)) {
                throw new IllegalArgumentException(chosen + ": unknown key '" + name + "' (known: "
                        + KEYS.stream().sorted().toList() + ")");
            }
        }
        return root;
    }

    /**
     * The wire flags from {@code file} (or ./crystal.yaml when null and present), else the defaults.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    static WireFlagSnapshot flags(Path file) {
        Path chosen = chosen(file);
        if (chosen == null) {
            return WireFlagSnapshot.defaults();
        }
        JsonNode root = root(chosen);
        if (root == null) {
            return WireFlagSnapshot.defaults();
        }
        JsonNode wire = root.path("wire");
        for (Iterator<String> names = wire.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("flags")) {
                throw new IllegalArgumentException(chosen + ": unknown key 'wire." + name + "' (known: wire.flags)");
            }
        }
        JsonNode clusterWire = root.path("cluster").path("wire");
        if (wire.has("flags") && !clusterWire.isMissingNode()) {
            throw new IllegalArgumentException(chosen + ": cluster.wire and wire.flags both set how frames are "
                    + "encoded; keep wire.flags (cluster.wire is the shorthand for its global codec and compression)");
        }
        try {
            if (wire.has("flags")) {
                return new WireFlagsYaml().read(wire.get("flags"));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(chosen + ": " + e.getMessage());
        }
        if (!clusterWire.isMissingNode()) {
            return fromClusterWire(cluster(file).orElseThrow());
        }
        return WireFlagSnapshot.defaults();
    }

    /**
     * The flags {@code cluster.wire: {codec, compression}} stands for: that codec for every frame (fallback
     * binary), that compression from 1 KiB (none: compression off), batching off.
     */
    private static WireFlagSnapshot fromClusterWire(ClusterSettings cluster) {
        CompressionFlag compression = cluster.compression() == CompressionId.NONE
                ? new CompressionFlag(false, CompressionId.LZ4, WireSettings.DEFAULT_COMPRESSION_THRESHOLD, 100)
                : new CompressionFlag(true, cluster.compression(), WireSettings.DEFAULT_COMPRESSION_THRESHOLD, 100);
        return new WireFlagSnapshot(0, false,
                java.util.Map.of(FlagScope.global(), new CodecFlag(true, cluster.codec(), 100, CodecId.BINARY)),
                java.util.Map.of(FlagScope.global(), compression),
                java.util.Map.of(FlagScope.global(), BatchingFlag.defaults()));
    }
}
