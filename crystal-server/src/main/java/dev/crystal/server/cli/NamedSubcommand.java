package dev.crystal.server.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand whose verb is its own name ({@code crystal jobs pause} posts {@code …/pause}), so a family of
 * subcommands differs only in its {@code @Command(name = …)}. Created and run by picocli on the CLI's thread.
 */
abstract class NamedSubcommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The subcommand's name as typed: {@code pause}, {@code resume}, {@code trigger}, {@code fallback}. */
    final String verb() {
        return spec.name();
    }
}
