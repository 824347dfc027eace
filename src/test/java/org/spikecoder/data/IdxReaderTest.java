package org.spikecoder.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.spikecoder.data.IdxFiles.gzip;
import static org.spikecoder.data.IdxFiles.idx;
import static org.spikecoder.data.IdxFiles.images;
import static org.spikecoder.data.IdxFiles.labels;
import static org.spikecoder.data.IdxFiles.randomBytes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SpikecoderException;

class IdxReaderTest {
    private static final int COUNT = 7;
    private static final int ROWS = 3;
    private static final int COLS = 5;

    @TempDir
    Path dir;

    private final byte[] pixels = randomBytes(42, COUNT * ROWS * COLS);
    private final byte[] labels = randomBytes(43, COUNT);

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private void assertDecoded(ImageDataset d) {
        assertEquals("t/train", d.name());
        assertEquals(COUNT, d.count());
        assertEquals(ROWS, d.rows());
        assertEquals(COLS, d.cols());
        for (int i = 0; i < pixels.length; i++) {
            assertEquals((pixels[i] & 0xFF) / 255f, d.pixels()[i], 0f, "pixel " + i);
        }
        assertArrayEquals(labels, d.labels());
    }

    /* The message is one line and names the file; returns it for further checks. */
    private static String failure(Path file, Runnable r) {
        SpikecoderException e = assertThrows(SpikecoderException.class, r::run);
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString() + ": "), m);
        assertTrue(!m.contains("\n"), m);
        return m;
    }

    @Test
    void readsRawFiles() throws IOException {
        Path img = file("train-images-idx3-ubyte", images(COUNT, ROWS, COLS, pixels));
        Path lab = file("train-labels-idx1-ubyte", labels(labels));
        assertDecoded(IdxReader.readImages(img, lab, "t/train"));
    }

    @Test
    void detectsGzipByContentNotByName() throws IOException {
        Path img = file("images-without-suffix", gzip(images(COUNT, ROWS, COLS, pixels)));
        Path lab = file("labels.gz", labels(labels)); // raw despite the name
        assertDecoded(IdxReader.readImages(img, lab, "t/train"));
    }

    @Test
    void readsImagesAloneAndLabelsAlone() throws IOException {
        Path img = file("i.gz", gzip(images(COUNT, ROWS, COLS, pixels)));
        assertNull(IdxReader.readImages(img, "x").labels());
        assertArrayEquals(labels, IdxReader.readLabels(file("l.gz", gzip(labels(labels)))));
    }

    @Test
    void valuesSpanZeroToOne() throws IOException {
        byte[] px = {0, (byte) 255, (byte) 128, 1};
        ImageDataset d = IdxReader.readImages(file("i", images(1, 2, 2, px)), "x");
        assertArrayEquals(new float[]{0f, 1f, 128 / 255f, 1 / 255f}, d.pixels());
    }

    @Test
    void labelFileGivenAsImages() throws IOException {
        Path lab = file("l", labels(labels));
        String m = failure(lab, () -> IdxReader.readImages(lab, "x"));
        assertTrue(m.contains("label file (magic 2049)") && m.contains("magic 2051"), m);
    }

    @Test
    void wrongMagic() throws IOException {
        Path f = file("f", idx(0x12345678, new int[]{1, 1, 1}, new byte[1]));
        assertTrue(failure(f, () -> IdxReader.readImages(f, "x")).contains("not an IDX file"));
        Path t = file("t", idx(0x00000D03, new int[]{1, 1, 1}, new byte[4])); // float elements
        assertTrue(failure(t, () -> IdxReader.readImages(t, "x")).contains("element type 0x0d"));
    }

    @Test
    void wrongNumberOfDimensions() throws IOException {
        Path f = file("f", idx(0x00000802, new int[]{1, 4}, new byte[4]));
        String m = failure(f, () -> IdxReader.readImages(f, "x"));
        assertTrue(m.contains("has 2 dimensions") && m.contains("with 3"), m);
    }

    @Test
    void nonPositiveDimensions() throws IOException {
        Path f = file("f", idx(IdxReader.IMAGES_MAGIC, new int[]{2, 0, 3}, new byte[0]));
        assertTrue(failure(f, () -> IdxReader.readImages(f, "x")).contains("rows is 0"));
        Path g = file("g", idx(IdxReader.LABELS_MAGIC, new int[]{-1}, new byte[0]));
        assertTrue(failure(g, () -> IdxReader.readLabels(g)).contains("label count is 4294967295"));
    }

    @Test
    void truncatedHeader() throws IOException {
        Path f = file("f", Arrays.copyOf(images(COUNT, ROWS, COLS, pixels), 7));
        assertEquals(f + ": truncated header: the file ends after 7 bytes, an IDX image header has 16",
                failure(f, () -> IdxReader.readImages(f, "x")));
        Path g = file("g", new byte[]{0, 0});
        assertTrue(failure(g, () -> IdxReader.readLabels(g)).contains("ends after 2 bytes"));
    }

    /** A header announcing far more than the file holds is "truncated", not an OutOfMemoryError. */
    @Test
    void hugeCountsInSmallFilesAreTruncatedNotAllocated() throws IOException {
        byte[] whole = images(COUNT, ROWS, COLS, pixels);
        java.nio.ByteBuffer.wrap(whole).putInt(4, 2_000_000);
        java.nio.ByteBuffer.wrap(whole).putInt(8, 28).putInt(12, 28);
        Path f = file("huge.gz", gzip(whole));
        assertTrue(failure(f, () -> IdxReader.readImages(f, "x")).contains("truncated: header says 2000000 images"));
        byte[] lab = labels(labels);
        java.nio.ByteBuffer.wrap(lab).putInt(4, 2_000_000_000);
        Path g = file("huge-labels", lab);
        assertTrue(failure(g, () -> IdxReader.readLabels(g)).contains("header says 2000000000 labels"));
    }

    @Test
    void truncatedData() throws IOException {
        byte[] whole = images(COUNT, ROWS, COLS, pixels);
        Path f = file("f.gz", gzip(Arrays.copyOf(whole, 16 + 2 * ROWS * COLS + 4)));
        assertEquals(f + ": truncated: header says 7 images of 3x5 but the file ends after 2 of them",
                failure(f, () -> IdxReader.readImages(f, "x")));
        Path g = file("g", Arrays.copyOf(labels(labels), 8 + 3));
        assertTrue(failure(g, () -> IdxReader.readLabels(g)).contains("header says 7 labels but the file ends "
                + "after 3 of them"));
    }

    @Test
    void trailingBytesAreAnError() throws IOException {
        byte[] whole = images(COUNT, ROWS, COLS, pixels);
        Path f = file("f", Arrays.copyOf(whole, whole.length + 1));
        assertTrue(failure(f, () -> IdxReader.readImages(f, "x")).contains("has bytes after the 7 images of 3x5"));
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] gz = gzip(images(COUNT, ROWS, COLS, pixels));

        byte[] method = gz.clone();
        method[2] = 7; // compression method must be 8 (deflate)
        Path m = file("method", method);
        assertTrue(failure(m, () -> IdxReader.readImages(m, "x")).contains("corrupt gzip header"));

        byte[] block = gz.clone();
        block[10] |= 0x06; // first deflate block: BTYPE 11 is reserved
        Path b = file("block", block);
        assertTrue(failure(b, () -> IdxReader.readImages(b, "x")).contains("corrupt gzip data"));

        byte[] crc = gz.clone();
        crc[crc.length - 8] ^= 1; // the trailer's CRC-32
        Path c = file("crc", crc);
        assertTrue(failure(c, () -> IdxReader.readImages(c, "x")).contains("corrupt gzip data"));

        Path t = file("cut", Arrays.copyOf(gz, gz.length / 2));
        assertTrue(failure(t, () -> IdxReader.readImages(t, "x")).contains("truncated gzip data"));
    }

    @Test
    void imageAndLabelCountsMustMatch() throws IOException {
        Path img = file("i", images(COUNT, ROWS, COLS, pixels));
        Path lab = file("l", labels(Arrays.copyOf(labels, COUNT - 1)));
        String m = failure(lab, () -> IdxReader.readImages(img, lab, "x"));
        assertEquals(lab + ": holds 6 labels but " + img + " holds 7 images", m);
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("absent.gz");
        assertEquals(f + ": cannot open: no such file or folder", failure(f, () -> IdxReader.readLabels(f)));
    }
}
