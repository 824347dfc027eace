package org.spikecoder.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import org.spikecoder.IoErrors;
import org.spikecoder.SpikecoderException;

/**
 * Reads IDX files (the MNIST / Fashion-MNIST format), gzipped or raw; gzip is recognised by its magic bytes
 * 0x1f 0x8b, not by the file name.
 *
 * <p>Format, all integers big-endian: a 4-byte magic {@code 0x00 0x00 type ndims} ({@code type} 0x08 = unsigned
 * byte), then {@code ndims} 4-byte dimension sizes, then the elements in row-major order. Images: magic 2051
 * (0x00000803), dimensions count x rows x cols. Labels: magic 2049 (0x00000801), dimension count.
 *
 * <p>Checks: the magic, every dimension positive, the element count fitting a Java array, the data not truncated,
 * and nothing after the data: trailing bytes are an error, because in practice they mean the header lies about the
 * count (a file truncated the other way). Bytes after the end of a gzip member are ignored, as {@code gzip -d} does.
 * Every failure is a {@link SpikecoderException} with one line naming the file.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803; // 2051
    static final int LABELS_MAGIC = 0x00000801; // 2049
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int BUFFER = 1 << 16;
    /** First capacity of the pixel array (16 MiB): MNIST's 47 million pixels need three doublings. */
    private static final int INITIAL_ELEMENTS = 1 << 22;
    /** pixel -> intensity pixel / 255f; a table because the division is most of the decoding cost. */
    private static final float[] INTENSITY = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            INTENSITY[i] = i / 255f;
        }
    }

    private IdxReader() {
    }

    /**
     * Reads an image file and its label file into intensities pixel / 255 in [0, 1].
     *
     * @param images IDX images (magic 2051). Not modified.
     * @param labels IDX labels (magic 2049), as many as there are images. Not modified.
     * @param name   the dataset's name, e.g. "mnist/train"
     */
    public static ImageDataset readImages(Path images, Path labels, String name) {
        ImageDataset img = readImages(images, name);
        byte[] lab = readLabels(labels);
        if (lab.length != img.count()) {
            throw new SpikecoderException(labels + ": holds " + lab.length + " labels but " + images + " holds "
                    + img.count() + " images");
        }
        return new ImageDataset(name, img.rows(), img.cols(), img.pixels(), lab);
    }

    /** Reads an IDX image file (magic 2051) without labels ({@link ImageDataset#labels()} is null). */
    public static ImageDataset readImages(Path images, String name) {
        try (InputStream in = open(images)) {
            int[] dims = readHeader(in, images, IMAGES_MAGIC, 3);
            int count = dims[0];
            int rows = dims[1];
            int cols = dims[2];
            int perImage = checkedSize(images, (long) rows * cols);
            int total = checkedSize(images, (long) count * perImage);
            // Grown as the data arrives rather than allocated from the header, whose count may be a lie: a header
            // announcing two million images in a small file must say "truncated", not run out of heap.
            float[] pixels = new float[Math.min(total, INITIAL_ELEMENTS)];
            byte[] buf = new byte[BUFFER];
            int done = 0;
            while (done < total) {
                if (done == pixels.length) {
                    pixels = java.util.Arrays.copyOf(pixels, (int) Math.min(total, 2L * pixels.length));
                }
                int want = Math.min(buf.length, pixels.length - done);
                int got = in.readNBytes(buf, 0, want);
                for (int i = 0; i < got; i++) {
                    pixels[done + i] = INTENSITY[buf[i] & 0xFF];
                }
                done += got;
                if (got < want) {
                    throw new SpikecoderException(images + ": truncated: header says " + count + " images of "
                            + rows + "x" + cols + " but the file ends after " + done / perImage + " of them");
                }
            }
            expectEnd(in, images, count + " images of " + rows + "x" + cols);
            return new ImageDataset(name, rows, cols, pixels, null);
        } catch (IOException e) {
            throw readFailure(images, e);
        }
    }

    /**
     * Reads an IDX label file (magic 2049).
     *
     * @return one unsigned byte per item; read them with {@code & 0xFF}
     */
    public static byte[] readLabels(Path labels) {
        try (InputStream in = open(labels)) {
            int count = readHeader(in, labels, LABELS_MAGIC, 1)[0];
            // readNBytes(n) collects what the file holds in small chunks: a lying count cannot exhaust the heap
            byte[] out = in.readNBytes(checkedSize(labels, count));
            int got = out.length;
            if (got < count) {
                throw new SpikecoderException(labels + ": truncated: header says " + count
                        + " labels but the file ends after " + got + " of them");
            }
            expectEnd(in, labels, count + " labels");
            return out;
        } catch (IOException e) {
            throw readFailure(labels, e);
        }
    }

    /* Buffered stream over the file, decompressed when it starts with the gzip magic. */
    private static InputStream open(Path file) {
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
        } catch (IOException e) {
            throw new SpikecoderException(file + ": cannot open: " + IoErrors.describe(e), e);
        }
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new GzipStream(new GZIPInputStream(raw, BUFFER));
            }
            return raw;
        } catch (IOException e) {
            closeQuietly(raw);
            // GZIPInputStream reads the gzip header in its constructor: a failure here is a damaged header
            throw new SpikecoderException(file + ": corrupt gzip header: " + IoErrors.describe(e), e);
        }
    }

    /* Reads the magic and the dimensions; returns the dimensions after checking they are positive. */
    private static int[] readHeader(InputStream in, Path file, int magic, int ndims) throws IOException {
        String kind = magic == IMAGES_MAGIC ? "image" : "label";
        int headerBytes = 4 + 4 * ndims;
        byte[] h = new byte[headerBytes];
        int got = in.readNBytes(h, 0, 4);
        if (got == 4) {
            checkMagic(file, readInt(h, 0), magic, kind, ndims);
            got += in.readNBytes(h, 4, headerBytes - 4);
        }
        if (got < headerBytes) {
            throw new SpikecoderException(file + ": truncated header: the file ends after " + got + " bytes, an IDX "
                    + kind + " header has " + headerBytes);
        }
        int[] dims = new int[ndims];
        String[] names = ndims == 3 ? new String[]{"image count", "rows", "cols"} : new String[]{"label count"};
        for (int d = 0; d < ndims; d++) {
            dims[d] = readInt(h, 4 + 4 * d);
            if (dims[d] <= 0) {
                // sizes are unsigned in IDX, but anything past 2^31 cannot be a real dataset either
                throw new SpikecoderException(file + ": bad header: " + names[d] + " is "
                        + Integer.toUnsignedString(dims[d]) + ", must be between 1 and " + Integer.MAX_VALUE);
            }
        }
        return dims;
    }

    private static void checkMagic(Path file, int found, int magic, String kind, int ndims) {
        if (found == magic) {
            return;
        }
        String expected = "expected an IDX " + kind + " file (magic " + magic + ")";
        if (found == IMAGES_MAGIC || found == LABELS_MAGIC) {
            String other = found == IMAGES_MAGIC ? "image" : "label";
            throw new SpikecoderException(file + ": this is an IDX " + other + " file (magic " + found + "), "
                    + expected);
        }
        if ((found >>> 16) != 0) {
            throw new SpikecoderException(file + ": not an IDX file: it starts with 0x"
                    + String.format("%08x", found) + ", " + expected);
        }
        int type = (found >>> 8) & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new SpikecoderException(file + ": IDX element type 0x" + String.format("%02x", type)
                    + " is not supported, only unsigned bytes (0x08); " + expected);
        }
        throw new SpikecoderException(file + ": IDX file has " + (found & 0xFF) + " dimensions (magic " + found
                + "), " + expected + " with " + ndims);
    }

    private static int checkedSize(Path file, long n) {
        if (n > Integer.MAX_VALUE - 8) { // the largest array a JVM reliably allocates
            throw new SpikecoderException(file + ": header announces " + n + " elements, more than a Java array "
                    + "holds");
        }
        return (int) n;
    }

    private static void expectEnd(InputStream in, Path file, String announced) throws IOException {
        // For gzip this read also makes GZIPInputStream check the trailer's CRC-32 and length.
        if (in.read() != -1) {
            throw new SpikecoderException(file + ": has bytes after the " + announced
                    + " its header announces (wrong header or a damaged file)");
        }
    }

    private static SpikecoderException readFailure(Path file, IOException e) {
        if (e instanceof GzipException g) {
            IOException cause = (IOException) g.getCause();
            String what = cause instanceof EOFException ? "truncated gzip data" : "corrupt gzip data";
            return new SpikecoderException(file + ": " + what + ": " + IoErrors.describe(cause), cause);
        }
        return new SpikecoderException(file + ": cannot read: " + IoErrors.describe(e), e);
    }

    private static int readInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was read; the open failure is what the user needs to see
        }
    }

    /* Marks decompression failures so they are reported as damaged gzip, not as a failing disk. */
    private static final class GzipException extends IOException {
        GzipException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    private static final class GzipStream extends InputStream {
        private final GZIPInputStream in;

        GzipStream(GZIPInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                throw new GzipException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw new GzipException(e);
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
