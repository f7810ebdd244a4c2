package dev.crystal.server.wire;

import dev.crystal.server.cli.CrystalCommand;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the {@code crystal} CLI in-process and captures what it prints. System streams are global: one at a time. */
public record CliRun(int exit, String out) {
    private static final Object CONSOLE = new Object();

    public static CliRun of(String... args) {
        return withInput(new byte[0], args);
    }

    public static CliRun withInput(byte[] stdin, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        int exit;
        synchronized (CONSOLE) {
            System.setOut(capture);
            System.setErr(capture);
            System.setIn(new ByteArrayInputStream(stdin));
            try {
                exit = CrystalCommand.commandLine().execute(args);
            } finally {
                System.setOut(out);
                System.setErr(err);
                System.setIn(in);
            }
        }
        return new CliRun(exit, buffer.toString(StandardCharsets.UTF_8));
    }
}
