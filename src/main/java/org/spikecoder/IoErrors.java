package org.spikecoder;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns an {@link IOException} into the short phrase that follows "file: " in a one-line error message. The
 * path is left out because the caller already names the file; NIO's exceptions put the path in their message.
 */
public final class IoErrors {
    private IoErrors() {
    }

    /** E.g. "no such file", "permission denied", "No space left on device". */
    public static String describe(IOException e) {
        if (e instanceof javax.imageio.IIOException && e.getCause() instanceof IOException cause) {
            // ImageIO's own text ("I/O error writing PNG file!") hides the reason, e.g. a full disk
            return describe(cause);
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "a path component is not a folder";
        }
        if (e instanceof FileAlreadyExistsException fae) {
            return "a file is in the way: " + fae.getFile(); // e.g. a parent "folder" that is a regular file
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
