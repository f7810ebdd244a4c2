package dev.crystal.server.cli;

import dev.crystal.jobs.bench.JobsBenchmark;
import dev.crystal.wire.bench.CodecBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code crystal bench}: the benchmarks that run without JMH, in this JVM. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a built-in benchmark.",
        subcommands = {BenchCommand.Codecs.class, BenchCommand.JobsBench.class})
public final class BenchCommand {

    @Command(name = "codecs", mixinStandardHelpOptions = true,
            description = "Encode/decode/round-trip time and size per codec for the seed's test message and a "
                    + "large variant, with and without compression. Options: [--json] [--warmup-ms N] [--measure-ms N]")
    static final class Codecs implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            CodecBenchmark.main(args.toArray(String[]::new));
            return 0;
        }
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true,
            description = "Embedded job store: enqueue (single, bulk), no-op processing at concurrency 1/10/100, "
                    + "add-to-complete latency at 100 jobs/s, 1+100 flow. Arguments: [DIR] [single=N] [bulk=N] "
                    + "[process=N] [concurrency=1,10,100] [latency=N] [flows=N]")
    static final class JobsBench implements Callable<Integer> {
        @Unmatched
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            JobsBenchmark.main(args.toArray(String[]::new));
            return 0;
        }
    }
}
