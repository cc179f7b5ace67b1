package dev.jconvex.server;

import dev.jconvex.server.JconvexServer.DataDirectoryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The exclusive claim of one server on its data directory: an OS lock ({@link FileChannel#tryLock})
 * on the file {@value #FILE_NAME} in it, which holds the owner's process id. The OS releases the lock
 * when the process ends, however it ends, so a stale file from a killed server never blocks a new one.
 *
 * <p>{@link #acquire} runs before the server listens or opens its store, so every reason the
 * directory cannot be used is one {@link DataDirectoryException} line: another jconvex holds it
 * (naming its pid), it is not a directory, or it cannot be created or written (with the OS reason).
 */
final class DataDirectoryLock implements AutoCloseable {

    /** The lock file's name in the data directory. */
    static final String FILE_NAME = "jconvex.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates {@code directory} if missing and locks it for this process.
     *
     * @throws DataDirectoryException when the directory is not usable, held by another server, or
     *     held already by a server in this process
     */
    static DataDirectoryLock acquire(Path directory) {
        Objects.requireNonNull(directory, "directory");
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new DataDirectoryException("data directory " + dir + " is not a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataDirectoryException("cannot create the data directory " + dir + ": " + reason(e));
        }
        Path file = dir.resolve(FILE_NAME);
        FileChannel channel;
        try {
            channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new DataDirectoryException("cannot write to the data directory " + dir + ": " + reason(e));
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                throw new DataDirectoryException(
                        "data directory " + dir + " is in use by another server in this process (pid "
                                + ProcessHandle.current().pid() + ")");
            }
            if (lock == null) {
                throw new DataDirectoryException("data directory " + dir + " is in use by another jconvex" + owner(file)
                        + "; stop it or choose another --data-dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            channel.force(false);
            return new DataDirectoryLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DataDirectoryException("cannot write to the data directory " + dir + ": " + reason(e));
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** {@code " (pid N)"} from the lock file, or nothing when it cannot be read. */
    private static String owner(Path file) {
        try {
            String pid = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return pid.matches("\\d{1,19}") ? " (pid " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The OS's reason for a failed file operation, as {@code strerror} words it where Java keeps it
     * ({@link FileSystemException#getReason()}), else named after the exception type.
     */
    static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return switch (e) {
            case AccessDeniedException ignored -> "Permission denied";
            case NotDirectoryException ignored -> "Not a directory";
            case FileAlreadyExistsException ignored -> "File exists (not a directory)";
            case NoSuchFileException ignored -> "No such file or directory";
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        };
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing with the reason that matters
        }
    }

    /** Releases the lock; the file stays (its content is only read while a lock is held). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
