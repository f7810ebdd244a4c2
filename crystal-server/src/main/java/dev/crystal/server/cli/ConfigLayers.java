package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.crystal.wire.SafeYaml;
import dev.crystal.wire.WireException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code crystal serve}'s configuration in layers: built-in defaults, then {@code crystal.yaml}, then
 * {@code CRYSTAL_*} environment variables, then command-line flags (the last that sets a value wins).
 *
 * <p>The naming rule: every option {@code --some-name} of {@code serve} is the key {@code someName} of
 * {@code crystal.yaml} (options of the {@code cache}, {@code trace} and {@code logging} sections are keys of that
 * section: {@code --cache-ttl} is {@code cache.ttl}, {@code --trace} is {@code trace.mode}, {@code --log-level} is
 * {@code logging.level}); the environment variable of a key is {@code CRYSTAL_} and the key in upper case with
 * {@code _} between words and sections ({@code dataDir}: {@code CRYSTAL_DATA_DIR}, {@code cluster.redis.uri}:
 * {@code CRYSTAL_CLUSTER_REDIS_URI}). {@code CRYSTAL_CONFIG} names the file ({@code --config} wins over it).
 *
 * <p>It is the serve command's picocli default-value provider, asked after the command line is parsed for every
 * option the command line did not set; the file's sections ({@code cluster:}, {@code cache:}, …) are read by
 * {@link PlatformConfig} from {@link #document()}, the file with the environment laid over it. Built and used on the
 * command's thread only.
 */
final class ConfigLayers implements CommandLine.IDefaultValueProvider {
    /** The environment variable naming the configuration file. */
    static final String CONFIG_ENV = "CRYSTAL_CONFIG";
    /** {@code CRYSTAL_*} variables that are not settings of serve: the CLI's key, debug output, the launcher's JVM options, the CLI examples/messages/send-all.sh runs. */
    static final Set<String> OTHER_ENV = Set.of("CRYSTAL_API_KEY", "CRYSTAL_DEBUG", "CRYSTAL_JAVA_OPTS", "CRYSTAL_CLI", CONFIG_ENV);
    /** Options that are not settings: they act on the command itself. */
    private static final Set<String> NOT_SETTINGS = Set.of("--help", "--version", "--config");
    /** Options whose key is in a section rather than their camel-cased name. */
    private static final Map<String, String> SECTION_KEYS = Map.of("--cache", "cache.enabled", "--trace", "trace.mode",
            "--log-level", "logging.level", "--log-format", "logging.format", "--alert-webhook", "alerts.webhook",
            "--alertmanager", "alerts.alertmanager");
    /** Keys of the file's sections that no option sets; also settable by environment variable. */
    static final List<String> FILE_ONLY_KEYS = List.of("cache.maxEntries", "cluster.node", "cluster.domains",
            "cluster.redis.uri", "cluster.redis.keyPrefix", "cluster.redis.cluster", "cluster.redis.requireDurable",
            "cluster.postgres.url", "cluster.postgres.user", "cluster.postgres.password", "cluster.postgres.schemaPrefix",
            "cluster.postgres.poolSize", "cluster.wire.codec", "cluster.wire.compression", "cluster.reclaimAfter",
            "cluster.leaseTtl");
    /** Keys whose value is a list: a comma-separated environment variable becomes a YAML sequence. */
    private static final Set<String> LIST_KEYS = Set.of("cluster.domains");
    /** Sections of the file read as a whole by {@link PlatformConfig}. */
    static final Set<String> SECTIONS = Set.of("wire", "cluster", "logging", "trace", "cache", "alerts");

    /** The top-level keys a configuration file may have. */
    static final Set<String> SERVE_KEYS = Set.copyOf(
            new ConfigLayers(CommandSpec.forAnnotatedObject(new ServeCommand()), Map.of()).topLevelKeys());

    private final Map<String, String> env;
    private final CommandSpec serve;
    private Path file;
    private boolean loaded;
    private ObjectNode document;
    private IllegalArgumentException problem;
    /** Where each key's value came from: {@code crystal.yaml} or {@code CRYSTAL_X}. */
    private final Map<String, String> sources = new LinkedHashMap<>();

    /**
     * @param serve the serve command's spec (its options are the settings)
     * @param env   the environment ({@code System.getenv()}, or a test's map)
     */
    ConfigLayers(CommandSpec serve, Map<String, String> env) {
        this.serve = serve;
        this.env = Map.copyOf(env);
    }

    /** Installs the layers on a serve command line; returns them. */
    static ConfigLayers install(CommandLine serveLine, Map<String, String> env) {
        ConfigLayers layers = new ConfigLayers(serveLine.getCommandSpec(), env);
        serveLine.setDefaultValueProvider(layers);
        return layers;
    }

    /** The file key of a serve option, e.g. {@code --max-body}: {@code maxBody}, {@code --cache-ttl}: {@code cache.ttl}. */
    static String keyOf(OptionSpec option) {
        String name = option.longestName();
        String mapped = SECTION_KEYS.get(name);
        if (mapped != null) {
            return mapped;
        }
        String bare = name.replaceFirst("^--", "");
        for (String section : List.of("cache", "trace")) {
            if (bare.startsWith(section + "-")) {
                return section + "." + camel(bare.substring(section.length() + 1));
            }
        }
        return camel(bare);
    }

    /** The environment variable of a key: {@code cluster.redis.keyPrefix} is {@code CRYSTAL_CLUSTER_REDIS_KEY_PREFIX}. */
    static String envOf(String key) {
        return "CRYSTAL_" + key.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_').toUpperCase(Locale.ROOT);
    }

    private static String camel(String dashed) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : dashed.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** The options that are settings, in the order of {@code serve --help}. */
    List<OptionSpec> settings() {
        return serve.options().stream().filter(o -> !NOT_SETTINGS.contains(o.longestName())).toList();
    }

    /** Every key, in order: the options' keys, then the sections' keys no option sets. */
    List<String> keys() {
        List<String> keys = new ArrayList<>(settings().stream().map(ConfigLayers::keyOf).toList());
        keys.addAll(FILE_ONLY_KEYS);
        return keys;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option) || NOT_SETTINGS.contains(option.longestName())) {
            return null;
        }
        load();
        if (problem != null) {
            return null; // reported by check(); --help still works with a broken file
        }
        JsonNode value = at(keyOf(option));
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            return String.join(",", items);
        }
        return value.isValueNode() ? value.asText() : null;
    }

    /**
     * Where {@code key}'s value comes from when no flag sets it: {@code CRYSTAL_X} (an environment variable) or the
     * file's path; empty for the built-in default.
     */
    Optional<String> sourceOf(String key) {
        load();
        return Optional.ofNullable(sources.get(key));
    }

    /** The raw text of {@code key} in the layered document, if set there. */
    Optional<String> rawValue(String key) {
        load();
        JsonNode value = problem == null ? at(key) : null;
        if (value == null || value.isMissingNode() || value.isNull()) {
            return Optional.empty();
        }
        return Optional.of(value.isValueNode() ? value.asText() : value.toString());
    }

    /**
     * Throws the first problem of the file or the environment: unknown keys (with the known ones and the closest
     * match), an unreadable or malformed file, an unknown {@code CRYSTAL_*} variable.
     *
     * @throws IllegalArgumentException one line naming the file or the variable, and the key
     */
    void check() {
        load();
        if (problem != null) {
            throw problem;
        }
    }

    /** The file with the environment laid over it, as {@link PlatformConfig} reads it; null for none. */
    PlatformConfig.Source document() {
        check();
        return document.isEmpty() && file == null ? null : new PlatformConfig.Source(document, origin());
    }

    /** The file in use, if any. */
    Optional<Path> file() {
        load();
        return Optional.ofNullable(file);
    }

    private String origin() {
        boolean fromEnv = sources.values().stream().anyMatch(s -> s.startsWith("CRYSTAL_"));
        String name = file == null ? "environment" : file.toString();
        return fromEnv && file != null ? name + " (with CRYSTAL_* variables)" : name;
    }

    /**
     * Names where a complaint about a value came from: a message that mentions a key (or its option) whose value the
     * environment or the file gave, and no flag, is prefixed with the variable's or the file's name.
     *
     * @param e        the complaint
     * @param flagKeys the keys the command line set (they are the flag's fault, not the layers')
     */
    IllegalArgumentException explain(IllegalArgumentException e, Set<String> flagKeys) {
        String message = String.valueOf(e.getMessage());
        String bare = file != null && message.startsWith(origin() + ": ") ? message.substring(origin().length() + 2)
                : message.startsWith("environment: ") ? message.substring("environment: ".length()) : message;
        Map<String, String> optionOfKey = new LinkedHashMap<>();
        settings().forEach(o -> optionOfKey.put(keyOf(o), o.longestName()));
        for (var entry : sources.entrySet()) {
            String key = entry.getKey();
            String option = optionOfKey.get(key);
            boolean mentioned = message.contains(key) || (option != null && message.contains(option));
            if (mentioned && !flagKeys.contains(key)) {
                String where = entry.getValue().startsWith("CRYSTAL_") ? entry.getValue() : file.toString();
                return new IllegalArgumentException(where + ": " + (bare.contains(key) ? bare : key + ": " + bare), e);
            }
        }
        return e;
    }

    /** {@link #explain(IllegalArgumentException, Set)} when no flag is involved. */
    IllegalArgumentException explain(IllegalArgumentException e) {
        return explain(e, Set.of());
    }

    /** The keys of the options {@code parsed} matched on the command line. */
    static Set<String> flagKeys(CommandLine.ParseResult parsed) {
        Set<String> keys = new TreeSet<>();
        if (parsed != null) {
            parsed.matchedOptions().forEach(o -> keys.add(keyOf(o)));
        }
        return keys;
    }

    private JsonNode at(String key) {
        JsonNode node = document;
        for (String part : key.split("\\.")) {
            if (node == null || !node.isObject()) {
                return null;
            }
            node = node.get(part);
        }
        // cache: off is the short form of cache.enabled
        if (node == null && key.equals("cache.enabled") && document.has("cache") && document.get("cache").isValueNode()) {
            return document.get("cache");
        }
        return node;
    }

    private void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        document = JsonNodeFactory.instance.objectNode();
        try {
            file = chosenFile();
            if (file != null) {
                readFile(file);
            }
            overlayEnvironment();
        } catch (IllegalArgumentException e) {
            problem = e;
        }
    }

    private Path chosenFile() {
        OptionSpec config = serve.findOption("--config");
        Object given = config == null ? null : config.getValue();
        if (given instanceof Path path) {
            return path;
        }
        String fromEnv = env.get(CONFIG_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            Path path = Path.of(fromEnv.trim());
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(CONFIG_ENV + ": no such file: " + path);
            }
            return path;
        }
        return Files.isRegularFile(PlatformConfig.DEFAULT_FILE) ? PlatformConfig.DEFAULT_FILE : null;
    }

    private void readFile(Path path) {
        String text;
        try {
            text = Files.readString(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": cannot read: " + e.getMessage());
        }
        if (text.isBlank()) {
            return;
        }
        JsonNode root;
        try {
            root = SafeYaml.withDefaults().read(text);
        } catch (WireException e) {
            throw new IllegalArgumentException(path + ": " + e.detail());
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(path + ": must be a mapping of settings (see crystal config show)");
        }
        Set<String> known = topLevelKeys();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException(path + ": unknown key '" + name + "'" + closest(name, known)
                        + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
            }
        }
        document.setAll((ObjectNode) root);
        for (String key : keys()) {
            JsonNode value = at(key);
            if (value != null && !value.isMissingNode()) {
                sources.put(key, path.toString());
            }
        }
    }

    /** The keys a file may have at its top: the sections and the options that are in none. */
    Set<String> topLevelKeys() {
        Set<String> known = new TreeSet<>(SECTIONS);
        for (String key : keys()) {
            known.add(key.contains(".") ? key.substring(0, key.indexOf('.')) : key);
        }
        return known;
    }

    private void overlayEnvironment() {
        Map<String, String> byEnv = new LinkedHashMap<>();
        for (String key : keys()) {
            byEnv.put(envOf(key), key);
        }
        for (String name : new TreeSet<>(env.keySet())) {
            if (!name.startsWith("CRYSTAL_") || OTHER_ENV.contains(name)) {
                continue;
            }
            String key = byEnv.get(name);
            if (key == null) {
                throw new IllegalArgumentException("environment variable " + name + " is not a Crystal setting"
                        + closest(name, byEnv.keySet()) + " (crystal config show lists every setting and its variable)");
            }
            put(key, env.get(name));
            sources.put(key, name);
        }
    }

    private void put(String key, String text) {
        String[] parts = key.split("\\.");
        ObjectNode node = document;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (!(child instanceof ObjectNode)) {
                // "cache: off" in the file and CRYSTAL_CACHE_TTL: the short form becomes a mapping
                ObjectNode section = JsonNodeFactory.instance.objectNode();
                if (child != null && child.isValueNode() && parts[i].equals("cache")) {
                    section.set("enabled", child);
                }
                node.set(parts[i], section);
                child = section;
            }
            node = (ObjectNode) child;
        }
        String last = parts[parts.length - 1];
        boolean list = LIST_KEYS.contains(key) || (key.equals("cluster.redis.cluster") && text.contains(","));
        if (list) {
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
            node.set(last, items);
        } else {
            node.set(last, TextNode.valueOf(text));
        }
    }

    /** {@code " (did you mean 'port'?)"} for a near miss, else empty. */
    static String closest(String name, Iterable<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(name.toLowerCase(Locale.ROOT), candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
