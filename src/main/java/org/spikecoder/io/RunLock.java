package org.spikecoder.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.IoErrors;
import org.spikecoder.SettingException;

/**
 * Claims an output folder for one command at a time, so two runs on one {@code --out} cannot overwrite each other's
 * checkpoints. The claim is an OS file lock on {@value #FILE_NAME} in the folder, holding the holder's pid for the
 * message another run gets. The OS drops the lock when the process ends however it ends, so a lock file left by a
 * killed run is stale by construction: it is taken over, with a log line naming the old pid. The file itself stays
 * (emptied on release): deleting it would let a second run lock the deleted copy while a third creates a new one.
 *
 * <p>Acquiring also proves the folder usable before any work starts (it is created, and must be writable), and,
 * since no other writer can be active, removes the hidden temp files that killed saves left ({@code .NAME.HEX.tmp}
 * from {@link AtomicFiles}).
 */
public final class RunLock implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(RunLock.class);
    public static final String FILE_NAME = ".spikecoder.lock";
    private static final Pattern TEMP = Pattern.compile("\\..+\\.[0-9a-f]{1,16}\\.tmp");
    /*
     * Folders this JVM holds. Process-wide on purpose: POSIX locks belong to the process, and closing any channel on
     * the lock file, even one that failed to lock it, drops the lock at the OS level. So a second claim from this JVM
     * (a sweep, a test) is refused here, without opening the file.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param dir    the folder to claim; created when missing
     * @param option what named it, for messages: a field of a library call (e.g. "out", which the command line
     *               renders as its flag, {@link SettingException}) or a literal label (e.g. "--out", "worker folder")
     * @throws SettingException one line naming the option and folder: not a folder, not writable, or in use
     */
    public static RunLock acquire(Path dir, String option) {
        String label = SettingException.label(option);
        String where = label + " %s"; // the folder is a format argument: its text is never read as a field
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SettingException(where + ": is a file, not a folder", dir);
        }
        try {
            AtomicFiles.createDirectories(dir);
        } catch (IOException e) {
            throw failure(where + ": cannot create the folder: %s", dir, IoErrors.describe(e), e);
        }
        Path file = dir.resolve(FILE_NAME);
        Path key;
        try {
            key = dir.toRealPath();
        } catch (IOException e) {
            throw failure(where + ": cannot resolve the folder: %s", dir, IoErrors.describe(e), e);
        }
        if (!HELD.add(key)) {
            throw inUse(where, dir, String.valueOf(ProcessHandle.current().pid()), file, label);
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            HELD.remove(key);
            throw failure(where + ": cannot write there: %s", dir, IoErrors.describe(e), e);
        }
        try {
            FileLock lock = ch.tryLock();
            if (lock == null) {
                String holder = readPid(ch);
                ch.close();
                HELD.remove(key);
                throw inUse(where, dir, holder, file, label);
            }
            String stale = readPid(ch);
            if (!stale.isEmpty()) {
                LOG.info("{}: taking over the lock of process {}, which has ended", dir, stale);
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            ch.force(true);
            removeStaleTemps(dir);
            return new RunLock(key, ch, lock);
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(ch);
            HELD.remove(key);
            String why = e instanceof IOException io ? IoErrors.describe(io) : "already locked by this JVM";
            throw failure(where + ": cannot lock %s", dir, file + ": " + why, e);
        }
    }

    private static SettingException failure(String template, Path dir, String detail, Throwable cause) {
        return new SettingException(cause, template, dir, detail);
    }

    private static SettingException inUse(String where, Path dir, String holder, Path file, String label) {
        return new SettingException(where + " is in use by %s (lock %s); wait for it to end or choose another "
                + label, dir, holder.isEmpty() ? "another run" : "process " + holder, file);
    }

    private static String readPid(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(32);
        ch.read(b, 0);
        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
    }

    private static void removeStaleTemps(Path dir) throws IOException {
        List<Path> temps;
        try (Stream<Path> s = Files.list(dir)) {
            temps = s.filter(p -> TEMP.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .toList();
        }
        long bytes = 0;
        for (Path t : temps) {
            bytes += Files.size(t);
            Files.delete(t);
        }
        if (!temps.isEmpty()) {
            LOG.info("{}: removed {} temp files ({} MiB) left by an interrupted save", dir, temps.size(),
                    bytes >> 20);
        }
    }

    /** Releases the folder; idempotent, never throws (the OS releases the lock at exit anyway). */
    @Override
    public void close() {
        if (!channel.isOpen()) {
            return;
        }
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            LOG.debug("releasing the run lock", e);
        } finally {
            closeQuietly(channel);
            HELD.remove(key);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.debug("closing the run lock", e);
        }
    }
}
