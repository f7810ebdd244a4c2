package dev.crystal.server.cli;

import dev.crystal.server.chaos.ChaosCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code crystal} command line: one subcommand per job. */
@Command(name = "crystal", mixinStandardHelpOptions = true, version = "crystal 0.1.0",
        description = "Crystal: worker-messaging runtime and settlement platform.",
        subcommands = {ServeCommand.class, SendCommand.class, TailCommand.class, DecodeCommand.class, DlqCommand.class,
                FlagsCommand.class, JobsCommand.class, KeysCommand.class, BenchCommand.class, LoadCommand.class, ReportCommand.class,
                TraceCommand.class, ChaosCommand.class, ConfigCommand.class, AlertsCommand.class,
                CommandLine.HelpCommand.class})
public final class CrystalCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line as users get it: {@code --help} on every subcommand, one-line errors and the exit codes of
     * {@link CliErrors} (0 ok, 1 failed, 2 usage, 3 platform unreachable).
     */
    public static CommandLine commandLine() {
        CommandLine cli = CliErrors.configure(new CommandLine(new CrystalCommand()));
        ConfigLayers.install(cli.getSubcommands().get("serve"), System.getenv());
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
