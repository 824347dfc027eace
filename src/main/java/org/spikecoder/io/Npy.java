package org.spikecoder.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.spikecoder.IoErrors;
import org.spikecoder.SpikecoderException;

/**
 * NumPy's .npy format for float32 arrays (and uint8 ones, written only), so that weights and spike maps open with {@code numpy.load}.
 *
 * <p>Layout (format version 1.0): the 6 bytes {@code \x93NUMPY}; version bytes 1, 0; a little-endian uint16
 * {@code HEADER_LEN}; {@code HEADER_LEN} bytes of ASCII holding a Python dict literal, e.g.
 * <pre>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</pre>
 * padded with spaces and ended by {@code '\n'} so that {@code 10 + HEADER_LEN} is a multiple of 64 (the data then
 * starts aligned); then the elements, little-endian float32, C order. The writer pads exactly as NumPy 1.x/2.x
 * {@code np.save} does, so its files are byte-identical to NumPy's. The reader also takes versions 2.0 and 3.0
 * (uint32 {@code HEADER_LEN}), but only dtype {@code '<f4'} in C order.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** NumPy leaves room for the first dimension to grow to this many digits when it rewrites a header in place. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int CHUNK = 1 << 16;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(\\w+)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Writes {@code data} as a float32 .npy file, atomically (see {@link AtomicFiles}).
     *
     * @param data  the elements in C order. Not modified.
     * @param shape the dimensions; their product must equal {@code data.length}; none gives a 0-d array of one value
     * @throws IllegalArgumentException when the shape does not match the data (a programming error)
     * @throws SpikecoderException      when the file cannot be written
     */
    public static void write(Path file, float[] data, int... shape) {
        checkShape(shape, data.length);
        byte[] header = header(shape);
        AtomicFiles.write(file, out -> {
            out.write(header);
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 0; off < data.length; ) {
                int k = Math.min(CHUNK / 4, data.length - off);
                buf.clear();
                buf.asFloatBuffer().put(data, off, k);
                out.write(buf.array(), 0, 4 * k);
                off += k;
            }
        });
    }

    /**
     * Writes {@code data} as a uint8 ({@code '|u1'}) .npy file, atomically: e.g. 0/1 spike maps.
     *
     * @param data  the elements in C order. Not modified.
     * @param shape the dimensions; their product must equal {@code data.length}
     */
    public static void writeUint8(Path file, byte[] data, int... shape) {
        checkShape(shape, data.length);
        byte[] header = uint8Header(shape);
        AtomicFiles.write(file, out -> {
            out.write(header);
            out.write(data);
        });
    }

    /**
     * The header of a uint8 .npy file of this shape, for a writer that streams the elements after it (one byte each,
     * C order): a multiple of 64 bytes, as {@code np.save} pads it.
     */
    public static byte[] uint8Header(int... shape) {
        checkShape(shape, -1);
        return header("|u1", shape);
    }

    /* A programming error, not bad input: no dimension may be negative, and the product must be length (-1: any). */
    private static void checkShape(int[] shape, long length) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + shapeTuple(shape));
            }
            n *= d;
        }
        if (length >= 0 && n != length) {
            throw new IllegalArgumentException("shape " + shapeTuple(shape) + " holds " + n + " elements but "
                    + length + " were given");
        }
    }

    /** The magic, version, length and padded dict that precede the data: a multiple of 64 bytes. */
    static byte[] header(int[] shape) {
        return header("<f4", shape);
    }

    private static byte[] header(String descr, int[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': ")
                .append(shapeTuple(shape)).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length()));
        }
        int unpadded = MAGIC.length + 4 + dict.length() + 1; // + 1 for the closing '\n'
        dict.append(" ".repeat((ALIGN - unpadded % ALIGN) % ALIGN)).append('\n');
        if (dict.length() > 0xFFFF) {
            throw new IllegalArgumentException("shape " + shapeTuple(shape) + " makes a header too long for .npy 1.0");
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + dict.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) dict.length());
        b.put(dict.toString().getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** Python's tuple syntax: "()", "(5,)", "(2, 3)". */
    static String shapeTuple(int[] shape) {
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return s.append(shape.length == 1 ? ",)" : ")").toString();
    }

    /**
     * Reads a float32 ({@code '<f4'}), C-order .npy file.
     *
     * @throws SpikecoderException naming the file when it is missing, not .npy, of another dtype or order, or when
     *                             its size disagrees with its shape
     */
    public static NpyArray read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer pre = readExactly(ch, file, 8, "header");
            byte[] magic = new byte[MAGIC.length];
            pre.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new SpikecoderException(file + ": not a .npy file: it does not start with \\x93NUMPY");
            }
            int major = pre.get() & 0xFF;
            int minor = pre.get() & 0xFF;
            if (major < 1 || major > 3) {
                throw new SpikecoderException(file + ": unsupported .npy format version " + major + "." + minor
                        + " (1.0 to 3.0 are read)");
            }
            int lenBytes = major == 1 ? 2 : 4;
            ByteBuffer lenBuf = readExactly(ch, file, lenBytes, "header");
            long headerLen = major == 1 ? lenBuf.getShort() & 0xFFFF : lenBuf.getInt() & 0xFFFFFFFFL;
            long dataStart = 8 + lenBytes + headerLen;
            if (dataStart > size) {
                throw new SpikecoderException(file + ": truncated header: it announces " + headerLen
                        + " bytes but the file has " + size);
            }
            String header = new String(readExactly(ch, file, (int) headerLen, "header").array(),
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            int[] shape = parseHeader(file, header);
            long n = 1;
            for (int d : shape) {
                n *= d;
                if (n > Integer.MAX_VALUE - 8) {
                    throw new SpikecoderException(file + ": shape " + shapeTuple(shape)
                            + " is larger than a Java array holds");
                }
            }
            long dataBytes = size - dataStart;
            if (dataBytes != 4 * n) {
                throw new SpikecoderException(file + ": " + (dataBytes < 4 * n ? "truncated" : "too long")
                        + ": shape " + shapeTuple(shape) + " needs " + 4 * n + " data bytes but the file has "
                        + dataBytes);
            }
            float[] data = new float[(int) n];
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            for (int off = 0; off < data.length; ) {
                int k = Math.min(CHUNK / 4, data.length - off);
                buf.clear().limit(4 * k);
                fill(ch, file, buf, "data"); // only if the file shrank while being read
                buf.flip();
                buf.asFloatBuffer().get(data, off, k);
                off += k;
            }
            return new NpyArray(shape, data);
        } catch (IOException e) {
            throw new SpikecoderException(file + ": cannot read: " + IoErrors.describe(e), e);
        }
    }

    private static int[] parseHeader(Path file, String header) {
        String h = header.strip();
        if (!h.startsWith("{") || !h.endsWith("}")) {
            throw new SpikecoderException(file + ": bad .npy header: not a dict literal: " + oneLine(h));
        }
        String descr = group(file, DESCR, h, "descr");
        if (!descr.equals("<f4")) {
            throw new SpikecoderException(file + ": dtype is '" + descr + "', only float32 little-endian ('<f4') is "
                    + "read; convert with numpy: a.astype('<f4')");
        }
        String fortran = group(file, FORTRAN, h, "fortran_order");
        if (!fortran.equals("False")) {
            throw new SpikecoderException(file + ": fortran_order is " + fortran + ", only C order (False) is read; "
                    + "convert with numpy: np.ascontiguousarray(a)");
        }
        String dims = group(file, SHAPE, h, "shape").strip();
        if (dims.isEmpty()) {
            return new int[0];
        }
        String[] parts = dims.endsWith(",") ? dims.substring(0, dims.length() - 1).split(",") : dims.split(",");
        int[] shape = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                shape[i] = Integer.parseInt(parts[i].strip());
            } catch (NumberFormatException e) {
                shape[i] = -1;
            }
            if (shape[i] < 0) {
                throw new SpikecoderException(file + ": bad .npy header: shape (" + dims + ") is not a tuple of "
                        + "non-negative ints");
            }
        }
        return shape;
    }

    private static String group(Path file, Pattern p, String header, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new SpikecoderException(file + ": bad .npy header: no valid '" + key + "' in " + oneLine(header));
        }
        return m.group(1);
    }

    private static String oneLine(String s) {
        String t = s.replaceAll("\\s+", " ");
        return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }

    private static ByteBuffer readExactly(FileChannel ch, Path file, int n, String what) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        fill(ch, file, b, what);
        b.flip();
        return b;
    }

    private static void fill(FileChannel ch, Path file, ByteBuffer b, String what) throws IOException {
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new SpikecoderException(file + ": truncated " + what + ": the file ends after "
                        + ch.position() + " bytes");
            }
        }
    }
}
