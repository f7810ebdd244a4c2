package dev.crystal.server.load;

import java.io.PrintStream;
import java.util.Locale;

/** Draws the run's progress as one line rewritten in place (carriage return). State: the output stream only. */
public final class ProgressLine implements LoadListener {
    private static final int WIDTH = 24;
    private final PrintStream out;

    public ProgressLine(PrintStream out) {
        this.out = out;
    }

    @Override
    public void onProgress(LoadProgress p) {
        double done = Math.min(1.0, p.elapsed().toMillis() / (double) Math.max(1, p.planned().toMillis()));
        int filled = (int) Math.round(done * WIDTH);
        out.print(String.format(Locale.ROOT, "\r[%s%s] %3.0f%% %5.1fs  offered %7.0f  done %7.1f req/s  p50 %7.2f ms  "
                        + "p99 %8.2f ms  sent %,d  errors %,d  dropped %,d   ", "#".repeat(filled),
                ".".repeat(WIDTH - filled), done * 100, p.elapsed().toMillis() / 1000.0, p.offeredRate(),
                p.currentRate(), p.p50Ms(), p.p99Ms(), p.sent(), p.errors(), p.dropped()));
        out.flush();
    }

    @Override
    public void onCustomers(String customerIdPrefix, int customers) {
        out.println("customers: " + customerIdPrefix + "0 .. " + customerIdPrefix + (customers - 1));
        out.flush();
    }

    @Override
    public void onFinish() {
        out.println();
        out.flush();
    }
}
