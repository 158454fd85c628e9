package io.midreg.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The single-writer lock ({@code <file>.lock}, an OS file lock) and the clean-shutdown mark in it.
 * A writer writes {@code open} when it opens and {@code clean} when it closes; finding anything
 * but {@code clean} means the last writer died, so the file needs crash recovery (locks it held
 * are still set in the shared memory).
 */
final class WriterLock implements AutoCloseable {

    private static final String CLEAN = "clean\n";

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean previousRunClean;

    private WriterLock(Path path, FileChannel channel, FileLock lock, boolean previousRunClean) {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.previousRunClean = previousRunClean;
    }

    static Path lockFileFor(Path storeFile) {
        return storeFile.resolveSibling(storeFile.getFileName() + ".lock");
    }

    /** @throws StoreLockedException if another writer (process or this JVM) holds it */
    static WriterLock acquire(Path storeFile) throws IOException {
        Path path = lockFileFor(storeFile);
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new StoreLockedException(path);
        }
        ByteBuffer buf = ByteBuffer.allocate(64);
        channel.read(buf, 0);
        String content = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
        return new WriterLock(path, channel, lock, content.equals(CLEAN));
    }

    /** Whether the last writer closed the store properly ({@code false} also when unknown). */
    boolean previousRunClean() {
        return previousRunClean;
    }

    void markOpen() throws IOException {
        write("open pid=" + ProcessHandle.current().pid() + "\n");
    }

    void markClean() throws IOException {
        write(CLEAN);
    }

    Path path() {
        return path;
    }

    private void write(String content) throws IOException {
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
