package dev.crystal.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock on a data directory ({@code <data-dir>/.lock}), held for the server's
 * lifetime so that a second platform on the same directory refuses to start instead of writing to
 * the same files. The operating system releases it when the process dies. Works across processes
 * (file lock) and within one JVM (the JVM refuses an overlapping lock). Owned by the thread that
 * starts and stops the server.
 */
final class DataDirLock implements AutoCloseable {
    /** The lock file's name inside the data directory. */
    static final String FILE_NAME = ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or fails.
     *
     * @throws IllegalStateException with a one-line message when another platform holds it
     */
    static DataDirLock acquire(Path dataDir) {
        Path file = dataDir.resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            Files.createDirectories(dataDir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dataDir, file);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return new DataDirLock(channel, lock);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw inUse(dataDir, file);
        } catch (IOException e) {
            close(channel);
            throw new IllegalStateException("cannot lock the data directory " + dataDir.toAbsolutePath().normalize()
                    + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    private static IllegalStateException inUse(Path dataDir, Path file) {
        return new IllegalStateException("data directory " + dataDir.toAbsolutePath().normalize()
                + " is in use by another Crystal server (lock " + file.toAbsolutePath().normalize()
                + "); stop it or choose another --data-dir");
    }

    private static void close(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
        }
    }

    /** Releases the lock. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        close(channel);
    }
}
