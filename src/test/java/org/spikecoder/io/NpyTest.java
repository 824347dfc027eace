package org.spikecoder.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SpikecoderException;

class NpyTest {
    @TempDir
    Path dir;

    private static float[] random(int n) {
        Random r = new Random(7);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void roundTripsShapes() {
        int[][] shapes = {{2, 3}, {5}, {}, {0, 4}, {3, 1, 20000}};
        for (int[] shape : shapes) {
            int n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            float[] data = random(n);
            Path f = dir.resolve("a" + shape.length + ".npy");
            Npy.write(f, data, shape);
            NpyArray back = Npy.read(f);
            assertArrayEquals(shape, back.shape());
            assertArrayEquals(data, back.data());
        }
    }

    /* Byte for byte what numpy 2.x np.save(f, np.zeros((2, 3), '<f4')) writes, checked by hand. */
    @Test
    void headerMatchesNumpy() throws IOException {
        Path f = dir.resolve("h.npy");
        Npy.write(f, new float[]{1, 0, 0, 0, 0, -2}, 2, 3);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(128 + 24, bytes.length);
        assertEquals(0x93, bytes[0] & 0xFF);
        assertEquals("NUMPY", new String(bytes, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, bytes[6]);
        assertEquals(0, bytes[7]);
        assertEquals(118, (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        assertEquals(dict + " ".repeat(118 - dict.length() - 1) + "\n",
                new String(bytes, 10, 118, StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[]{0, 0, (byte) 0x80, 0x3f}, Arrays.copyOfRange(bytes, 128, 132)); // 1.0f LE
        assertArrayEquals(new byte[]{0, 0, 0, (byte) 0xc0}, Arrays.copyOfRange(bytes, 148, 152)); // -2.0f LE
    }

    @Test
    void headerIsPaddedToMultiplesOf64() {
        int[][] shapes = {{}, {1}, {60000, 784}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}};
        for (int[] s : shapes) {
            byte[] h = Npy.header(s);
            assertEquals(0, h.length % 64, Npy.shapeTuple(s));
            assertEquals('\n', h[h.length - 1]);
        }
        assertEquals("(5,)", Npy.shapeTuple(new int[]{5}));
        assertEquals("()", Npy.shapeTuple(new int[0]));
    }

    @Test
    void writesUint8SpikeMapsAsNumpyDoes() throws IOException {
        Path f = dir.resolve("spikes.npy");
        byte[] spikes = {0, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 1};
        Npy.writeUint8(f, spikes, 3, 2, 2);
        byte[] bytes = Files.readAllBytes(f);
        assertEquals(128 + 12, bytes.length);
        assertEquals(118, (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8);
        // np.save(f, np.zeros((3, 2, 2), np.uint8)) writes this dict, padded to 128 bytes in all
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (3, 2, 2), }";
        assertEquals(dict + " ".repeat(118 - dict.length() - 1) + "\n",
                new String(bytes, 10, 118, StandardCharsets.US_ASCII));
        assertArrayEquals(spikes, Arrays.copyOfRange(bytes, 128, 140));
        assertThrows(IllegalArgumentException.class, () -> Npy.writeUint8(dir.resolve("y.npy"), spikes, 2, 2));
    }

    @Test
    void shapeMustMatchData() {
        assertThrows(IllegalArgumentException.class, () -> Npy.write(dir.resolve("x.npy"), new float[5], 2, 3));
    }

    /* A file with the given header dict (padded as version 1.0 wants) followed by {@code dataBytes} zero bytes. */
    private Path npy(String name, int major, String dict, int dataBytes) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[]{(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        String h = dict + " ".repeat(64 - (10 + dict.length() + 1) % 64) + "\n";
        b.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) h.length()).array());
        b.write(h.getBytes(StandardCharsets.US_ASCII));
        b.write(new byte[dataBytes]);
        return Files.write(dir.resolve(name), b.toByteArray());
    }

    private static String failure(Path f) {
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> Npy.read(f));
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsAHandWrittenFile() throws IOException {
        Path f = npy("ok.npy", 1, "{'shape':(3,),'fortran_order':False,'descr':'<f4'}", 12);
        assertArrayEquals(new int[]{3}, Npy.read(f).shape());
    }

    @Test
    void rejectsBadFiles() throws IOException {
        String good = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        assertTrue(failure(Files.writeString(dir.resolve("t.npy"), "hello, not numpy"))
                .contains("not a .npy file"));
        assertTrue(failure(Files.write(dir.resolve("s.npy"), new byte[]{(byte) 0x93, 'N'}))
                .contains("truncated header"));
        assertTrue(failure(npy("v.npy", 9, good, 24)).contains("unsupported .npy format version 9.0"));
        assertTrue(failure(npy("d.npy", 1, good.replace("<f4", "<f8"), 48)).contains("dtype is '<f8'"));
        assertTrue(failure(npy("b.npy", 1, good.replace("<f4", ">f4"), 24)).contains("dtype is '>f4'"));
        assertTrue(failure(npy("o.npy", 1, good.replace("False", "True"), 24)).contains("fortran_order is True"));
        assertTrue(failure(npy("n.npy", 1, "{'descr': '<f4', 'fortran_order': False}", 24))
                .contains("no valid 'shape'"));
        assertTrue(failure(npy("q.npy", 1, good.replace("(2, 3)", "(2, x)"), 24)).contains("shape (2, x)"));
        assertEquals(dir.resolve("c.npy") + ": truncated: shape (2, 3) needs 24 data bytes but the file has 20",
                failure(npy("c.npy", 1, good, 20)));
        assertTrue(failure(npy("l.npy", 1, good, 28)).contains("too long"));
        assertTrue(failure(dir.resolve("absent.npy")).contains("no such file"));
    }
}
