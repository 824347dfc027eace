package org.spikecoder.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.IoErrors;
import org.spikecoder.SpikecoderException;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void createsParentsAndReplaces() throws IOException {
        Path f = dir.resolve("a/b/out.txt");
        AtomicFiles.writeString(f, "one");
        assertEquals("one", Files.readString(f));
        AtomicFiles.writeString(f, "two");
        assertEquals("two", Files.readString(f));
        try (Stream<Path> s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList()); // no temp file left behind
        }
    }

    @Test
    void failingWriterLeavesOldContentAndNoTemp() throws IOException {
        Path f = dir.resolve("keep.txt");
        AtomicFiles.writeString(f, "old");
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> AtomicFiles.write(f, out -> {
            out.write("partial new content".getBytes());
            throw new IOException("disk on fire");
        }));
        assertEquals(f + ": cannot write: disk on fire", e.getMessage());
        assertEquals("old", Files.readString(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void uncheckedFailurePassesThroughUnchanged() throws IOException {
        Path f = dir.resolve("keep.bin");
        AtomicFiles.writeBytes(f, new byte[]{1, 2, 3});
        IllegalStateException boom = new IllegalStateException("bug");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(f, out -> {
            out.write(9);
            throw boom;
        })));
        assertEquals(3, Files.size(f));
        assertEquals(List.of(f), listing());
    }

    @Test
    void parentThatIsAFileIsReported() throws IOException {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        Path f = blocker.resolve("out.txt");
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> AtomicFiles.writeString(f, "y"));
        assertTrue(e.getMessage().startsWith(f + ": cannot write: "), e.getMessage());
        assertEquals("x", Files.readString(blocker));
    }

    @Test
    void imageIoErrorsShowTheirCause() {
        IOException full = new javax.imageio.IIOException("I/O error writing PNG file!",
                new IOException("No space left on device"));
        assertEquals("No space left on device", IoErrors.describe(full));
    }
}
