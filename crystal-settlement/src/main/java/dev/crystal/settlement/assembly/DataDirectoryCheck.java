package dev.crystal.settlement.assembly;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The integrity check of an embedded data directory before the platform opens it: a directory that holds some of
 * the domain databases must hold all of them, none empty, each passing SQLite's {@code quick_check}. A missing
 * or empty file is otherwise silently recreated empty by the migrations, which would lose that domain's state; a
 * corrupt one would leave its worker failing while the rest takes work. A brand-new directory (none of the
 * databases there yet) is accepted and created; {@code init} also accepts missing and empty files (they are
 * created empty). Corruption is refused either way. Stateless; called by the starting thread.
 */
public final class DataDirectoryCheck {
    private DataDirectoryCheck() {
    }

    /** The database files a used data directory must hold: one per domain and the job store. */
    public static List<String> requiredFiles() {
        List<String> files = new ArrayList<>();
        SettlementAssembly.ALL_DOMAINS.forEach(domain -> files.add(domain + ".db"));
        files.add(SettlementAssembly.JOBS_FILE);
        return files;
    }

    /**
     * Checks {@code dataDir}; returns normally when it may be opened.
     *
     * @param init whether missing and empty databases may be created empty ({@code serve --init})
     * @throws IllegalStateException with a one-line message naming the first file that is missing, empty or corrupt
     */
    public static void verify(Path dataDir, boolean init) {
        List<Path> present = new ArrayList<>();
        List<Path> missing = new ArrayList<>();
        for (String name : requiredFiles()) {
            Path file = dataDir.resolve(name);
            (Files.exists(file) ? present : missing).add(file);
        }
        if (present.isEmpty()) {
            return; // a new data directory: every database is created
        }
        if (!missing.isEmpty() && !init) {
            throw new IllegalStateException("data directory " + dataDir.toAbsolutePath().normalize()
                    + " is in use but " + missing.getFirst().getFileName() + " is missing: restore it from a backup,"
                    + " or start with --init to create it empty (that domain's state is then lost)");
        }
        for (Path file : present) {
            long size;
            try {
                size = Files.size(file);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file.toAbsolutePath().normalize() + ": " + e.getMessage());
            }
            if (size == 0) {
                if (init) {
                    continue;
                }
                throw new IllegalStateException(file.toAbsolutePath().normalize() + " is empty (0 bytes): restore it"
                        + " from a backup, or start with --init to create it empty (that domain's state is then lost)");
            }
            String problem = quickCheck(file);
            if (problem != null) {
                throw new IllegalStateException(file.toAbsolutePath().normalize() + " is corrupt (" + problem
                        + "): restore it from a backup");
            }
        }
    }

    /** SQLite's {@code quick_check} of {@code file}: null when it answers ok, else what it found. */
    private static String quickCheck(Path file) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA quick_check(1)")) {
            String answer = rs.next() ? rs.getString(1) : "no answer";
            return "ok".equalsIgnoreCase(answer) ? null : oneLine(answer);
        } catch (SQLException e) {
            return oneLine(e.getMessage());
        }
    }

    private static String oneLine(String text) {
        return text == null ? "unknown error" : text.replaceAll("\\s+", " ").trim();
    }
}
