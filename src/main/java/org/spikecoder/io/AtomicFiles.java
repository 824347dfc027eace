package org.spikecoder.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

import org.spikecoder.IoErrors;
import org.spikecoder.SpikecoderException;

/**
 * Writes whole files so that a reader sees either the old content or the complete new content, never a mix: the
 * content goes to a hidden temp file in the target's folder ({@code .<name>.<random>.tmp}), is forced to disk, and
 * is then renamed over the target with {@code ATOMIC_MOVE}. The temp file must be in the same folder because a
 * rename is atomic only within one file system. On any failure the temp file is deleted and the target is untouched.
 * A target that is a symbolic link is replaced by a regular file (the link's destination is left alone), as with
 * any rename-based save. Folders created on the way and the final rename are made durable with a folder fsync; a
 * file system that cannot rename atomically is an error, not a silent copy.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically, creating its parent folders.
     *
     * @param target the file to create or replace. Not modified on failure.
     * @param writer produces the content; its IOException becomes a {@link SpikecoderException} naming the target,
     *               its unchecked exceptions pass through unchanged (after the temp file is deleted)
     * @throws SpikecoderException when the folder cannot be created or the file cannot be written
     */
    public static void write(Path target, IoWriter writer) {
        write(target, null, writer);
    }

    /**
     * As {@link #write(Path, IoWriter)}, and the content {@code target} had before becomes {@code previous}, so two
     * generations survive: a save whose content later proves bad still leaves the one before it. {@code previous} is
     * replaced only once the new content is complete on disk, and {@code target} exists at every instant (the old
     * one is hard-linked as {@code previous}, or copied where links are not supported).
     *
     * @param previous where the old content goes; null to keep one generation only
     */
    public static void writeKeepingPrevious(Path target, Path previous, IoWriter writer) {
        write(target, previous, writer);
    }

    /**
     * Creates {@code dir} and any missing parents, and fsyncs the folder holding each one created, so that a crash
     * cannot make a folder disappear after files in it were reported saved.
     *
     * @throws IOException when a folder cannot be created or synced
     */
    public static void createDirectories(Path dir) throws IOException {
        Path abs = dir.toAbsolutePath();
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path p = abs; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        Files.createDirectories(abs);
        for (Path created : missing) {
            syncDirectory(created.getParent());
        }
    }

    private static void write(Path target, Path previous, IoWriter writer) {
        writeVia(target, previous, tmp -> {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                writer.write(out);
                out.flush();
            }
        });
    }

    /* The one save path: fill a temp file, force it to disk, keep the previous generation, rename, sync the folder. */
    private static void writeVia(Path target, Path previous, PathWriter fill) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            createDirectories(dir);
            tmp = createTemp(dir, abs.getFileName().toString());
            fill.write(tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true); // the rename must not become durable before the data it points to
            }
            if (previous != null && Files.isRegularFile(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                keepAsPrevious(abs, previous.toAbsolutePath());
            }
            move(tmp, abs);
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new SpikecoderException(target + ": cannot write: " + IoErrors.describe(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original failure is the one worth reporting; a stray hidden .tmp is harmless
                }
            }
        }
    }

    /** Writes a whole file given its path, for libraries that open the file themselves (jhdf for HDF5). */
    @FunctionalInterface
    public interface PathWriter {
        /**
         * @param file an empty temp file in the target's folder, to be filled. Modified. Not to be moved or deleted.
         */
        void write(Path file) throws IOException;
    }

    /**
     * As {@link #write(Path, IoWriter)}, for content that a library writes to a path rather than to a stream: the
     * writer fills the temp file, which is then forced to disk and renamed over {@code target}.
     *
     * @param target the file to create or replace. Not modified on failure.
     * @throws SpikecoderException when the folder cannot be created or the file cannot be written
     */
    public static void writeFile(Path target, PathWriter writer) {
        writeVia(target, null, writer);
    }

    /**
     * Puts a finished temp file or folder in place: forces a file's content to disk, renames it over {@code target}
     * with {@code ATOMIC_MOVE} (a file replaces a file; a folder needs {@code target} absent) and syncs the folder,
     * so a reader sees no target or the complete one. For content produced elsewhere, e.g. a verified download.
     *
     * @param tmp    a file or folder in {@code target}'s folder (same file system). Moved.
     * @param target where it goes
     * @throws IOException when it cannot be synced or renamed atomically; {@code tmp} is then left for the caller
     */
    public static void install(Path tmp, Path target) throws IOException {
        if (Files.isRegularFile(tmp)) {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        move(tmp, target);
        syncDirectory(target.toAbsolutePath().getParent());
    }

    /** Writes {@code text} as UTF-8, atomically (see {@link #write(Path, IoWriter)}). */
    public static void writeString(Path target, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /** Writes {@code bytes} atomically (see {@link #write(Path, IoWriter)}). Not modified. */
    public static void writeBytes(Path target, byte[] bytes) {
        write(target, out -> out.write(bytes));
    }

    /*
     * Not Files.createTempFile: that one creates the file with mode 0600, and the rename would hand the target those
     * permissions. CREATE_NEW with the default umask gives the same mode as an ordinary write.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /*
     * A plain move would copy and delete where a rename is impossible, and a crash in between would leave a
     * half-written target: refusing is the only way to keep the promise of this class.
     */
    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("this file system cannot rename atomically; write to a local folder instead");
        }
    }

    /* The current target becomes previous without a moment where target is missing: a hard link, then a rename. */
    private static void keepAsPrevious(Path target, Path previous) throws IOException {
        Path dir = previous.getParent();
        Path link = dir.resolve("." + previous.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()) + ".tmp");
        try {
            Files.createLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            // e.g. FAT or some network file systems: a copy is slower but keeps the same guarantee
            Files.deleteIfExists(link);
            write(previous, null, out -> Files.copy(target, out));
            return;
        }
        try {
            move(link, previous);
        } finally {
            Files.deleteIfExists(link);
        }
    }

    /*
     * Makes a rename or a new folder durable on Linux. Where a folder cannot be opened at all (Windows) there is
     * nothing to sync; but a sync that runs and fails means the rename may be lost, and that is reported.
     */
    private static void syncDirectory(Path dir) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try (ch) {
            ch.force(true);
        } catch (IOException e) {
            throw new IOException("syncing folder " + dir + " failed: " + IoErrors.describe(e), e);
        }
    }
}
