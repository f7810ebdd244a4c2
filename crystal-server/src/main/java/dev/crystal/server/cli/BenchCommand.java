package dev.crystal.server.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crystal.bench.codecs.CodecBenchmark;
import dev.crystal.bench.jobs.JobsBenchmark;
import dev.crystal.server.http.Json;
import dev.crystal.server.load.FsyncProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crystal bench}: the benchmarks that run without JMH, in this JVM. Each prints its progress on stderr and
 * its figures on stdout. Each subcommand runs on the command's thread.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a built-in benchmark.",
        subcommands = {BenchCommand.Codecs.class, BenchCommand.JobsBench.class, BenchCommand.Fsync.class})
public final class BenchCommand {

    /** Writes one progress line on stderr, prefixed with the benchmark's name. */
    static void progress(String bench, String line) {
        System.err.println("crystal bench " + bench + ": " + line);
        System.err.flush();
    }

    @Command(name = "codecs", mixinStandardHelpOptions = true,
            description = "Encode/decode/round-trip time and size per codec for the seed's test message and a "
                    + "large variant, with and without compression.")
    static final class Codecs implements Callable<Integer> {
        @Option(names = "--json", description = "Print the rows as JSON instead of a table")
        boolean json;

        @Option(names = "--warmup-ms", paramLabel = "N", description = "Warm-up per configuration, ms. Default: "
                + "${DEFAULT-VALUE}")
        long warmupMs = CodecBenchmark.Options.defaults().warmupMillis();

        @Option(names = "--measure-ms", paramLabel = "N", description = "Measurement per operation and configuration,"
                + " ms. Default: ${DEFAULT-VALUE}")
        long measureMs = CodecBenchmark.Options.defaults().measureMillis();

        @Override
        public Integer call() {
            if (warmupMs < 0 || measureMs < 1) {
                throw new IllegalArgumentException("--warmup-ms must be >= 0 and --measure-ms >= 1, were " + warmupMs
                        + " and " + measureMs);
            }
            List<CodecBenchmark.Row> rows = new CodecBenchmark().run(new CodecBenchmark.Options(warmupMs, measureMs),
                    line -> progress("codecs", line));
            if (json) {
                System.out.println(CodecBenchmark.toJson(rows));
            } else {
                System.out.println("crystal bench codecs: mean thread CPU time per message, one thread; "
                        + "frame = header + body as sent");
                CodecBenchmark.printTable(rows, System.out);
            }
            return 0;
        }
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true,
            description = "Embedded job store: enqueue (single, bulk), no-op processing at concurrency 1/10/100, "
                    + "add-to-complete latency at 100 jobs/s, 1+100 flow.")
    static final class JobsBench implements Callable<Integer> {
        @Parameters(paramLabel = "[DIR] [KEY=N]...", description = "An optional directory for the job database, then "
                + "overrides: single=N bulk=N process=N concurrency=1,10,100 latency=N flows=N (0 skips a phase)")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            JobsBenchmark.Settings settings = JobsBenchmark.parse(args.toArray(String[]::new));
            System.out.print(JobsBenchmark.run(settings, line -> progress("jobs", line)).report());
            return 0;
        }
    }

    @Command(name = "fsync", mixinStandardHelpOptions = true,
            description = "This disk's fsync time: write a small block and force it to the device, N rounds, in the "
                    + "data directory (the disk the platform commits to). Every throughput figure can then be "
                    + "given as settlements per fsync (crystal load prints it).")
    static final class Fsync implements Callable<Integer> {
        @Option(names = "--dir", paramLabel = "DIR", description = "Directory to write in. Default: ./data when it "
                + "exists, else the current directory")
        Path dir;

        @Option(names = "--rounds", defaultValue = "1000", description = "Rounds of write + fsync. Default: "
                + "${DEFAULT-VALUE}")
        int rounds;

        @Option(names = "--block-bytes", defaultValue = "4096", description = "Bytes written before each fsync. "
                + "Default: ${DEFAULT-VALUE}")
        int blockBytes;

        @Option(names = "--metadata", description = "fsync (file metadata too) instead of fdatasync (what SQLite "
                + "and PostgreSQL use by default)")
        boolean metadata;

        @Option(names = "--json", description = "Print the figures as JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Path where = dir != null ? dir : Files.isDirectory(Path.of("data")) ? Path.of("data") : Path.of(".");
            progress("fsync", String.format(Locale.ROOT, "%d rounds of %d B + %s in %s", rounds, blockBytes,
                    metadata ? "fsync" : "fdatasync", where.toAbsolutePath().normalize()));
            FsyncProbe.Result result = FsyncProbe.measure(where, rounds, blockBytes, metadata,
                    done -> progress("fsync", done + "/" + rounds + " rounds"));
            if (json) {
                System.out.println(Json.mapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(result));
            } else {
                System.out.println(result.line());
                System.out.printf(Locale.ROOT, "one commit per settlement would allow at most %.0f settlements/s "
                        + "on this disk; crystal load --fsync-us %.0f gives settlements per fsync%n",
                        1e6 / Math.max(1, result.p50Micros()), result.p50Micros());
            }
            return 0;
        }
    }
}
