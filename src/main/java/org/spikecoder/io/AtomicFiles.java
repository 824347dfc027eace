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

import org.spikecoder.SpikecoderException;

/**
 * Writes whole files so that a reader sees either the old content or the complete new content, never a mix: the
 * content goes to a hidden temp file in the target's folder ({@code .<name>.<random>.tmp}), is forced to disk, and
 * is then renamed over the target with {@code ATOMIC_MOVE}. The temp file must be in the same folder because a
 * rename is atomic only within one file system. On any failure the temp file is deleted and the target is untouched.
 * A target that is a symbolic link is replaced by a regular file (the link's destination is left alone), as with
 * any rename-based save.
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
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createTemp(dir, abs.getFileName().toString());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                writer.write(out);
                out.flush();
                ch.force(true); // the rename must not become durable before the data it points to
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

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some network and FUSE file systems refuse ATOMIC_MOVE; a plain rename there is the best available.
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /* Makes the rename itself durable on Linux; other systems cannot open a folder for writing, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // best effort only: the content is already safely in place under its final name
        }
    }
}
