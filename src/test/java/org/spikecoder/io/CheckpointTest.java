package org.spikecoder.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SpikecoderException;
import org.spikecoder.engine.WeightInit;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;

class CheckpointTest {
    @TempDir
    Path tmp;

    private static Checkpoint sample() {
        NetworkSpec net = NetworkSpec.of(9, 4, 9);
        TrainConfig cfg = Preset.AUTHORS_CODE.defaults().toBuilder().leak(0.05f).seed(77).build();
        return new Checkpoint("autoencoder", net, cfg, "mnist", 500, 0, 3, 12.5, 300, new double[] {1.5, 1.25, 1.0},
                WeightInit.initialise(net, cfg), java.util.Map.of("pairing", "A"));
    }

    @Test
    void roundTripKeepsEverything() {
        Checkpoint c = sample();
        Path f = tmp.resolve("c.spk");
        c.write(f);
        Checkpoint r = Checkpoint.read(f);
        assertEquals(c.kind(), r.kind());
        assertEquals(c.network(), r.network());
        assertEquals(c.config(), r.config());
        assertEquals(c.dataset(), r.dataset());
        assertEquals(c.limitTrain(), r.limitTrain());
        assertEquals(c.epoch(), r.epoch());
        assertEquals(c.nextBatch(), r.nextBatch());
        assertEquals(c.trainSeconds(), r.trainSeconds());
        assertEquals(c.samplesSeen(), r.samplesSeen());
        assertArrayEquals(c.loss(), r.loss());
        assertEquals(c.meta(), r.meta());
        for (int l = 0; l < c.weights().length; l++) {
            assertArrayEquals(c.weights()[l], r.weights()[l]);
        }
    }

    @Test
    void truncatedCorruptedOrForeignFilesAreNamed() throws IOException {
        Path f = tmp.resolve("c.spk");
        sample().write(f);
        byte[] good = Files.readAllBytes(f);

        Path truncated = tmp.resolve("truncated.spk");
        Files.write(truncated, Arrays.copyOf(good, good.length - 20));
        assertNamed(truncated, "truncated");

        Path flipped = tmp.resolve("flipped.spk");
        byte[] bad = good.clone();
        bad[bad.length - 30] ^= 0x10;
        Files.write(flipped, bad);
        assertNamed(flipped, "checksum");

        Path foreign = tmp.resolve("foreign.spk");
        Files.writeString(foreign, "PK not a checkpoint at all");
        assertNamed(foreign, "magic");

        assertNamed(tmp.resolve("missing.spk"), "no checkpoint");
    }

    private static void assertNamed(Path file, String why) {
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> Checkpoint.read(file));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(why), e.getMessage());
    }

    @Test
    void nonFiniteWeightsAreNeitherWrittenNorRead() throws IOException {
        Checkpoint c = sample();
        Path f = tmp.resolve("nan.spk");
        c.write(f);
        byte[] good = Files.readAllBytes(f);
        c.weights()[1][3] = Float.NaN;
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> c.write(f));
        assertTrue(e.getMessage().startsWith(f + ": not saved: layer 2 weight 3 is NaN"), e.getMessage());
        assertArrayEquals(good, Files.readAllBytes(f), "the good checkpoint must stay");

        String header = headerOf(good);
        Path nan = tmp.resolve("nan-on-disk.spk");
        float[] w = new float[9 * 4 + 4 * 9];
        w[40] = Float.POSITIVE_INFINITY;
        Files.write(nan, raw(header, w));
        assertNamed(nan, "layer 2 weight 4 is Infinity");
        assertNamed(nan, "checkpoint.prev.spk".replace("checkpoint", "nan-on-disk"));
    }

    @Test
    void everySaveKeepsThePreviousGeneration() throws IOException {
        Path f = tmp.resolve("checkpoint.spk");
        Checkpoint c = sample();
        c.writeKeepingPrevious(f);
        assertTrue(Files.notExists(tmp.resolve("checkpoint.prev.spk")), "nothing to keep at the first save");
        Checkpoint later = new Checkpoint(c.kind(), c.network(), c.config(), c.dataset(), c.limitTrain(), 0, 7, 20,
                700, c.loss(), c.weights(), c.meta());
        later.writeKeepingPrevious(f);
        assertEquals(7, Checkpoint.read(f).nextBatch());
        assertEquals(3, Checkpoint.read(tmp.resolve("checkpoint.prev.spk")).nextBatch());
        assertEquals(tmp.resolve("checkpoint.prev.spk"), Checkpoint.previousOf(f));
        try (var files = Files.list(tmp)) {
            assertEquals(2, files.count(), "no temporary file may be left behind");
        }
    }

    /** Each header field out of range, or not JSON, gives one line naming the file, before any weight is read. */
    @Test
    void headerFieldsAreCheckedBeforeAllocating() throws IOException {
        Path f = tmp.resolve("c.spk");
        sample().write(f);
        String header = headerOf(Files.readAllBytes(f));
        float[] w = new float[72];
        String[][] cases = {
                {"\"next_batch\": 3", "\"next_batch\": -1", "next_batch -1"},
                {"\"epoch\": 0", "\"epoch\": 5", "epoch 5 outside 0..1"},
                {"\"samples_seen\": 300", "\"samples_seen\": -300", "samples_seen -300"},
                {"\"kind\": \"autoencoder\"", "\"kind\": \"toaster\"", "kind is toaster"},
                {"\"dataset\": \"mnist\",", "", "no dataset"},
                {"\"learningRate\": 5.0E-4", "\"learningRate\": -1.0", "learningRate must be a positive number"},
                {"\"optimizer\": \"ADAM\"", "\"optimizer\": \"LION\"", "known values"},
                {"\"sizes\": [\n    9,", "\"sizes\": [\n    100000000,", "truncated: network 100000000-4-9"},
                {"{", "[not json", "corrupt header"},
        };
        for (String[] c : cases) {
            assertTrue(header.contains(c[0]), c[0] + " not in " + header);
            Path bad = tmp.resolve("bad.spk");
            Files.write(bad, raw(header.replace(c[0], c[1]), w));
            SpikecoderException e = assertThrows(SpikecoderException.class, () -> Checkpoint.read(bad), c[1]);
            assertTrue(e.getMessage().startsWith(bad + ": ") && e.getMessage().contains(c[2]), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        Path huge = tmp.resolve("huge.spk");
        Files.write(huge, raw(header.replace("\"sizes\": [\n    9,", "\"sizes\": [\n    2000000000,"), w));
        assertNamed(huge, "more weights than a Java array holds");
    }

    /* The JSON header of a checkpoint file's bytes. */
    private static String headerOf(byte[] file) {
        int len = java.nio.ByteBuffer.wrap(file, 8, 4).getInt();
        return new String(file, 12, len, java.nio.charset.StandardCharsets.UTF_8);
    }

    /* A checkpoint file with this header and these weights, with a correct checksum. */
    private static byte[] raw(String header, float[] weights) throws IOException {
        byte[] h = header.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.write("SPKCKPT1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.writeInt(h.length);
        out.write(h);
        for (float v : weights) {
            out.writeFloat(v);
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        return bytes.toByteArray();
    }

    @Test
    void overwritingReplacesTheFileWhole() throws IOException {
        Path f = tmp.resolve("c.spk");
        Checkpoint c = sample();
        c.write(f);
        Checkpoint later = new Checkpoint(c.kind(), c.network(), c.config(), c.dataset(), c.limitTrain(), 1, 0, 20,
                600, c.loss(), c.weights(), c.meta());
        later.write(f);
        assertEquals(1, Checkpoint.read(f).epoch());
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file may be left behind");
        }
    }
}
