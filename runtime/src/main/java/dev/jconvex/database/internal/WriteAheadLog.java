package dev.jconvex.database.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The write-ahead log of {@link MvPersistence}: a sequence of segment files {@code wal/NNNNNNNNNNNNNNNNNNNN.log},
 * each a run of records framed as {@code length (int) | CRC32C of payload (int) | payload}.
 *
 * <p>A record is appended with one {@code write} system call before the commit it describes is
 * applied or acknowledged, so once the call returns the record is in the operating system's page
 * cache and survives a crash (kill -9) of the process. {@link #force} adds an fsync, for power loss.
 * A checkpoint {@linkplain #rotate rotates} to a new segment, stores the maps, and then
 * {@linkplain #deleteBefore deletes} the segments it made redundant.
 *
 * <p>On open, every segment from the first one still needed is replayed in order. A torn record at
 * the end of the last segment (length or payload cut short, or a checksum that does not match: the
 * process died inside a {@code write}) ends the log there; it was never acknowledged. The same in an
 * earlier segment is corruption and refuses to open.
 *
 * <p>Not thread-safe: the single writer of {@link MvPersistence} calls it under its lock.
 */
final class WriteAheadLog implements AutoCloseable {

    private static final int HEADER = 8;
    private static final int MAX_RECORD = 1 << 30;

    private final Path dir;
    private long segment;
    private FileChannel channel;
    private long size;

    @SuppressWarnings("NullAway.Init") // open() sets channel before the log leaves it
    private WriteAheadLog(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens the log in {@code dir} (created if missing): replays each record of the segments
     * numbered {@code firstNeeded} and above into {@code replay}, deletes older segments, and starts
     * a fresh segment for new records.
     */
    static WriteAheadLog open(Path dir, long firstNeeded, Consumer<ByteBuffer> replay) {
        try {
            Files.createDirectories(dir);
            WriteAheadLog log = new WriteAheadLog(dir);
            List<Long> segments = log.segments();
            long last = firstNeeded - 1;
            for (int i = 0; i < segments.size(); i++) {
                long seq = segments.get(i);
                if (seq < firstNeeded) {
                    Files.deleteIfExists(log.path(seq));
                    continue;
                }
                replaySegment(log.path(seq), i == segments.size() - 1, replay);
                last = seq;
            }
            log.segment = Math.max(last + 1, firstNeeded);
            log.channel = openSegment(log.path(log.segment));
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the write-ahead log in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void replaySegment(Path file, boolean isLast, Consumer<ByteBuffer> replay) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long fileSize = ch.size();
            ByteBuffer all = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, fileSize));
            while (all.hasRemaining() && ch.read(all) >= 0) {
                // read the whole segment
            }
            all.flip();
            long good = 0;
            CRC32C crc = new CRC32C();
            while (all.remaining() > 0) {
                if (all.remaining() < HEADER) {
                    break;
                }
                int length = all.getInt();
                int sum = all.getInt();
                if (length <= 0 || length > MAX_RECORD || length > all.remaining()) {
                    all.position(all.position() - HEADER);
                    break;
                }
                ByteBuffer payload = all.slice(all.position(), length);
                crc.reset();
                crc.update(payload.duplicate());
                if ((int) crc.getValue() != sum) {
                    all.position(all.position() - HEADER);
                    break;
                }
                all.position(all.position() + length);
                replay.accept(payload);
                good = all.position();
            }
            if (good < fileSize) {
                if (!isLast) {
                    throw new IOException("write-ahead log segment " + file + " is corrupt at byte " + good);
                }
                ch.truncate(good); // a torn tail: the process died inside a write; never acknowledged
            }
        }
    }

    private static FileChannel openSegment(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private List<Long> segments() throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d{20}\\.log"))
                    .forEach(n -> out.add(Long.parseLong(n.substring(0, 20))));
        }
        out.sort(null);
        return out;
    }

    private Path path(long seq) {
        return dir.resolve(String.format("%020d.log", seq));
    }

    /** The segment new records go to. */
    long segment() {
        return segment;
    }

    /** Bytes appended to the current segment. */
    long segmentSize() {
        return size;
    }

    /** Appends one record with a single write (see the class note). */
    void append(byte[] payload) {
        appendAll(java.util.List.of(payload));
    }

    /** Appends records in order with a single write: a torn tail loses a suffix of them, never a middle one. */
    void appendAll(java.util.List<byte[]> payloads) {
        int total = 0;
        for (byte[] payload : payloads) {
            total += HEADER + payload.length;
        }
        ByteBuffer frame = ByteBuffer.allocate(total);
        CRC32C crc = new CRC32C();
        for (byte[] payload : payloads) {
            crc.reset();
            crc.update(payload);
            frame.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
        }
        frame.flip();
        try {
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the write-ahead log: " + e.getMessage(), e);
        }
        size += frame.limit();
    }

    /** Forces the current segment to stable storage (fsync). */
    void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the write-ahead log: " + e.getMessage(), e);
        }
    }

    /** Closes the current segment (forcing it when {@code sync}) and starts the next; returns its number. */
    long rotate(boolean sync) {
        try {
            if (sync) {
                channel.force(false);
            }
            channel.close();
            segment++;
            channel = openSegment(path(segment));
            size = 0;
            return segment;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rotate the write-ahead log: " + e.getMessage(), e);
        }
    }

    /** Deletes every segment numbered below {@code seq}. */
    void deleteBefore(long seq) {
        try {
            for (long s : segments()) {
                if (s < seq) {
                    Files.deleteIfExists(path(s));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete old write-ahead log segments: " + e.getMessage(), e);
        }
    }

    /** The total size of the segments on disk. */
    long diskSize() {
        long total = 0;
        try {
            for (long s : segments()) {
                total += Files.size(path(s));
            }
        } catch (IOException e) {
            return -1;
        }
        return total;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
