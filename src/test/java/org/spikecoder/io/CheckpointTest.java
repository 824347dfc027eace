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
    void nonFiniteWeightsAreRefused() {
        Checkpoint c = sample();
        c.weights()[1][3] = Float.NaN;
        Path f = tmp.resolve("nan.spk");
        c.write(f);
        assertNamed(f, "non-finite");
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
