package dev.crystal.server.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Unmatched;

/** {@code crystal config}: the configuration {@code crystal serve} would run with. Stateless; the command's thread. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "The configuration crystal serve runs with: flags win over CRYSTAL_* environment variables, which "
                + "win over crystal.yaml, which wins over the defaults.",
        subcommands = {ConfigCommand.Show.class})
public final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** {@code crystal config show [SERVE-OPTION…]}: every setting, its effective value and where it came from. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Print every setting of crystal serve: its key in crystal.yaml, its value and where the value "
                    + "came from (flag, environment variable, file or default); secrets are masked. The same checks as "
                    + "serve: an unknown key or a bad value is a one-line error (exit 2).",
                    "Give serve's options after show to see what they change, e.g. crystal config show --port 9090 "
                            + "--config node-1.yaml."})
    static final class Show implements Callable<Integer> {
        private static final Pattern DEFAULT = Pattern.compile("Default: (.+?)\\s*$");
        private static final Pattern USERINFO = Pattern.compile("(://[^/:@]*:)[^/@]+@");

        @Unmatched
        List<String> serveArgs = new ArrayList<>();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ServeCommand serve = new ServeCommand();
            CommandLine serveLine = new CommandLine(serve);
            ConfigLayers layers = ConfigLayers.install(serveLine, System.getenv());
            ParseResult parsed;
            try {
                parsed = serveLine.parseArgs(serveArgs.toArray(String[]::new));
                serve.resolve();
            } catch (CommandLine.ParameterException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), CliErrors.layered(e));
            }
            List<String[]> rows = new ArrayList<>();
            for (OptionSpec option : layers.settings()) {
                String key = ConfigLayers.keyOf(option);
                rows.add(new String[] {key, shown(key, value(option, parsed, layers, key)),
                        source(option, parsed, layers, key), option.longestName(), ConfigLayers.envOf(key)});
            }
            for (String key : ConfigLayers.FILE_ONLY_KEYS) {
                Optional<String> raw = layers.rawValue(key);
                rows.add(new String[] {key, shown(key, raw.orElse("-")),
                        layers.sourceOf(key).map(Show::from).orElse("default"), "-", ConfigLayers.envOf(key)});
            }
            System.out.println("# crystal serve's effective configuration (flag > environment > file > default); file: "
                    + layers.file().map(Object::toString).orElse("none"));
            print(rows);
            return CliErrors.OK;
        }

        private static String from(String source) {
            return source.startsWith("CRYSTAL_") ? "env " + source : "file " + source;
        }

        private static String source(OptionSpec option, ParseResult parsed, ConfigLayers layers, String key) {
            if (parsed.hasMatchedOption(option)) {
                return "flag " + option.longestName();
            }
            return layers.sourceOf(key).map(Show::from).orElse("default");
        }

        private static String value(OptionSpec option, ParseResult parsed, ConfigLayers layers, String key) {
            if (parsed.hasMatchedOption(option)) {
                List<String> given = parsed.matchedOption(option.longestName()).stringValues();
                return given.isEmpty() || option.type() == boolean.class
                        ? String.valueOf(option.getValue()) : String.join(",", given);
            }
            Optional<String> layered = layers.rawValue(key).filter(v -> layers.sourceOf(key).isPresent());
            if (layered.isPresent()) {
                return layered.get();
            }
            if (option.defaultValue() != null) {
                return option.defaultValue();
            }
            String description = String.join(" ", option.description());
            Matcher m = DEFAULT.matcher(description);
            return m.find() ? m.group(1).replaceAll("\\s*\\([^)]*\\)$", "") : "-";
        }

        /** The value with secrets masked: passwords, and the password of a URL's user info. */
        static String shown(String key, String value) {
            if (key.toLowerCase(Locale.ROOT).endsWith("password") && !value.isEmpty() && !value.equals("-")) {
                return "****";
            }
            return USERINFO.matcher(value).replaceAll("$1****@");
        }

        private static void print(List<String[]> rows) {
            String[] header = {"KEY", "VALUE", "FROM", "FLAG", "ENVIRONMENT"};
            int[] widths = new int[header.length];
            List<String[]> all = new ArrayList<>();
            all.add(header);
            all.addAll(rows);
            for (String[] row : all) {
                for (int i = 0; i < row.length; i++) {
                    widths[i] = Math.max(widths[i], Math.min(row[i].length(), 40));
                }
            }
            for (String[] row : all) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
                }
                System.out.println(line.toString().stripTrailing());
            }
        }
    }
}
