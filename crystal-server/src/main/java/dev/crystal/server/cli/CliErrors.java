package dev.crystal.server.cli;

import dev.crystal.server.load.TargetUnreachableException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where the CLI turns what went wrong into a one-line message on stderr and an exit code, so that
 * no command ever shows a user a stack trace ({@code CRYSTAL_DEBUG=1} adds it for developers). The exit codes,
 * the same for every command:
 * <ul>
 *   <li>{@value #OK}: the operation succeeded;</li>
 *   <li>{@value #FAILED}: the operation failed (refused by the platform, a benchmark or load run that found
 *       nothing, a file that is not what it should be);</li>
 *   <li>{@value #USAGE}: usage error (unknown option, bad number or duration, missing file, value out of range);</li>
 *   <li>{@value #UNREACHABLE}: no Crystal platform answers at {@code --url} (nothing listening, or something that
 *       is not Crystal).</li>
 * </ul>
 * Stateless; used on the command's thread.
 */
public final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {
    /** The operation succeeded. */
    public static final int OK = 0;
    /** The operation failed. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** No Crystal platform answers at the URL. */
    public static final int UNREACHABLE = 3;
    /** The environment variable that adds stack traces to error messages. */
    public static final String DEBUG_ENV = "CRYSTAL_DEBUG";

    /**
     * The {@code crystal} command line with {@code --help} on every command and subcommand and this error
     * handling: what {@code main} runs, and what tests should run.
     */
    public static CommandLine configure(CommandLine cli) {
        addHelp(cli);
        CliErrors errors = new CliErrors();
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        return cli;
    }

    private static void addHelp(CommandLine cli) {
        CommandLine.Model.CommandSpec spec = cli.getCommandSpec();
        if (spec.findOption("--help") == null) {
            spec.mixinStandardHelpOptions(true);
        }
        for (CommandLine sub : cli.getSubcommands().values()) {
            addHelp(sub);
        }
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cli = ex.getCommandLine();
        PrintWriter err = cli.getErr();
        String name = cli.getCommandSpec().qualifiedName();
        err.println(name + ": " + layered(ex));
        if (ex instanceof UnmatchedArgumentException unmatched) {
            UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        if (!cli.getSubcommands().isEmpty() && ex.getMessage() != null && ex.getMessage().startsWith("Missing required subcommand")) {
            err.println("Commands: " + String.join(", ", cli.getSubcommands().keySet()));
        }
        err.println("Try '" + name + " --help' for the options.");
        err.flush();
        return USAGE;
    }

    /**
     * The message of a parse error, naming the environment variable or file when the bad value came from there
     * rather than the command line ({@link ConfigLayers}).
     */
    static String layered(ParameterException ex) {
        String message = String.valueOf(ex.getMessage());
        if (ex.getCommandLine().getDefaultValueProvider() instanceof ConfigLayers layers
                && ex.getArgSpec() instanceof CommandLine.Model.OptionSpec option && ex.getValue() != null) {
            String key = ConfigLayers.keyOf(option);
            var source = layers.sourceOf(key);
            if (source.isPresent() && layers.rawValue(key).filter(ex.getValue()::equals).isPresent()) {
                int cut = message.indexOf("': ");
                String why = cut < 0 ? message : message.substring(cut + 3);
                return source.get() + ": " + key + ": " + why.replace("is not an int", "is not a whole number")
                        .replace("is not a long", "is not a whole number");
            }
        }
        return message;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parseResult) {
        PrintWriter err = cli.getErr();
        Throwable cause = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
        err.println(cli.getCommandSpec().qualifiedName() + ": " + message(cause));
        if (System.getenv(DEBUG_ENV) != null && !System.getenv(DEBUG_ENV).isBlank()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCode(cause);
    }

    /** The exit code of a failure. */
    static int exitCode(Throwable failure) {
        return switch (failure) {
            case PlatformClient.CliFailure f -> f.exitCode();
            case ConnectException c -> UNREACHABLE;
            case TargetUnreachableException t -> UNREACHABLE;
            case HttpConnectTimeoutException c -> UNREACHABLE;
            case NoSuchFileException n -> USAGE;
            case IllegalArgumentException i -> USAGE;
            case CommandLine.ParameterException p -> USAGE;
            default -> FAILED;
        };
    }

    /** One line saying what went wrong, without a stack trace. */
    static String message(Throwable failure) {
        return switch (failure) {
            case PlatformClient.CliFailure f -> f.getMessage();
            case NoSuchFileException n -> "no such file: " + n.getFile();
            case AccessDeniedException a -> "cannot read " + a.getFile() + ": permission denied";
            case ConnectException c -> "no Crystal platform answers (start one with ./crystal serve, or pass --url)";
            case IOException io -> io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage();
            case IllegalArgumentException i -> String.valueOf(i.getMessage());
            case IllegalStateException s -> String.valueOf(s.getMessage());
            default -> "internal error: " + failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage())
                    + " (set " + DEBUG_ENV + "=1 to see the stack trace, and please report it)";
        };
    }
}
