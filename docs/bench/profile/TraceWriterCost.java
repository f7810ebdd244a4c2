import dev.crystal.store.Durability;
import dev.crystal.store.SqliteDatabase;
import dev.crystal.store.trace.TraceKeys;
import dev.crystal.store.trace.TraceLog;
import dev.crystal.store.trace.TraceRecord;
import dev.crystal.store.trace.TraceSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * The trace writer's cost per hop, counted rather than timed: feeds settlement-shaped hops (13 per operation, ids
 * shaped as crystal serve's: random correlation ids, message ids {@code msg_<prefix>_<counter>}, subjects numbered in
 * order, one of 100 customers) to a real TraceLog at a paced rate for a fixed count, then prints the
 * crystal-trace-writer thread's CPU time and the bytes the process wrote to storage (/proc/self/io write_bytes:
 * rows, index pages, WAL frames, checkpoints), per hop. Single-file program:
 *
 * <pre>java -cp crystal-server/target/crystal.jar docs/bench/profile/TraceWriterCost.java [hops/s] [operations] [dir]</pre>
 */
public class TraceWriterCost {
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 7_800; // 600 settlements/s x 13 hops
        int operations = args.length > 1 ? Integer.parseInt(args[1]) : 6_000;
        Path dir = Files.createTempDirectory(args.length > 2 ? Path.of(args[2]) : Path.of("/tmp"), "trace-cost");
        var db = SqliteDatabase.open(dir.resolve("traces.db"), List.of(TraceLog.MIGRATIONS), Durability.RELAXED);
        var log = new TraceLog(db, "node-a", TraceSettings.on(), TraceKeys.recordComponents(List.of(), List.of()),
                InstantSource.system(), null);
        Thread writer = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("crystal-trace-writer")).findFirst().orElseThrow();
        var threads = ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getThreadCpuTime(writer.threadId());
        long io0 = writeBytes();
        Random rnd = new Random(15);
        long t = System.currentTimeMillis() * 1_000L;
        long start = System.nanoTime();
        int hops = 0;
        for (int o = 0; o < operations; o++) {
            String corr = Long.toHexString(rnd.nextLong()) + Long.toHexString(rnd.nextLong());
            String subject = "LOAD_FD0QOV_I44XR_" + o;
            String customer = "C" + rnd.nextInt(100);
            for (int h = 0; h < 13; h++) {
                t += 10;
                log.record(new TraceRecord(corr, "msg_b6b75ba90f33a42b_" + (hops + 1),
                        null, "message", "SETTLEMENT_REQUESTED", "external", "collections", "node-a", t - 5, t, t + 5,
                        30, "HANDLED", null, subject, customer));
                hops++;
            }
            long due = start + (long) hops * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        if (!log.flush(120_000)) {
            throw new IllegalStateException("trace writer did not catch up");
        }
        long cpu = threads.getThreadCpuTime(writer.threadId()) - cpu0;
        long io = writeBytes() - io0;
        System.out.printf("%d hops at %d/s: writer CPU %.0f ms = %.1f us/hop; written %.0f B/hop; dropped %d; loadavg %s%n",
                hops, rate, cpu / 1e6, cpu / 1e3 / hops, (double) io / hops, log.dropped(),
                Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        log.close();
        db.close();
    }

    private static long writeBytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("write_bytes:")) {
                return Long.parseLong(line.substring(12).trim());
            }
        }
        return 0;
    }
}
