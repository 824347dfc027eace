package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.io.Checkpoint;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** End-to-end runs of train-ae and eval-ae on a tiny generated data set. */
class TrainAeCommandTest {
    @TempDir
    static Path tmp;
    static Path data;

    private static final String[] SMALL = {"--hidden", "12", "--steps", "5", "--batch", "20", "--limit-train", "120",
            "--limit-test", "40", "--train-eval", "40", "--lr", "5e-3", "--seed", "3", "--no-progress"};

    @BeforeAll
    static void data() throws IOException {
        data = TestData.mnistFolder(tmp.resolve("data"), 150, 50);
    }

    private static String[] args(Path out, String... extra) {
        String[] base = {"train-ae", "--backend", "cpu", "--data", data.toString(), "--out", out.toString()};
        String[] all = new String[base.length + SMALL.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(SMALL, 0, all, base.length, SMALL.length);
        System.arraycopy(extra, 0, all, base.length + SMALL.length, extra.length);
        return all;
    }

    @Test
    void validationHoldsOutTheLastTrainingImages() throws IOException {
        Path out = tmp.resolve("val");
        CliRunner.Result r = CliRunner.run(args(out, "--validation", "20"));
        assertEquals(0, r.code(), r.err());
        JsonObject m = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(100, m.get("train_images").getAsInt());
        assertEquals(20, m.get("val_images").getAsInt());
        double val = m.get("val_mse").getAsDouble();
        assertTrue(val > 0 && val < 2, "val_mse " + val);
        assertEquals(1, CliRunner.run(args(tmp.resolve("val-all"), "--validation", "120")).code());
    }

    @Test
    void writesMetricsCheckpointPicturesAndWeights() throws IOException {
        Path out = tmp.resolve("full");
        assertEquals(0, CliRunner.run(args(out)).code());
        JsonObject m = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        for (String key : new String[] {"test_mse", "test_spike_mse", "test_pixel_mse", "train_mse",
                "train_pixel_mse", "train_seconds",
                "samples_per_second", "backend", "device", "config"}) {
            assertTrue(m.has(key), "metrics.json lacks " + key);
        }
        assertEquals("cpu", m.get("backend").getAsString());
        double mse = m.get("test_mse").getAsDouble();
        assertTrue(mse > 0 && mse < 2, "test_mse " + mse);
        double pixelMse = m.get("test_pixel_mse").getAsDouble();
        assertTrue(pixelMse > 0 && pixelMse < 1, "test_pixel_mse " + pixelMse);
        for (String f : new String[] {"checkpoint.spk", "reconstructions.png", "loss.csv", "loss.png", "layer1.npy",
                "layer2.npy", "spikes.png"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        // (N, T, H) = (40, 5, 12), one byte each, after np.save's 128-byte header
        byte[] hidden = Files.readAllBytes(out.resolve("test_hidden_spikes.npy"));
        assertEquals(128 + 40 * 5 * 12, hidden.length);
        assertTrue(new String(hidden, 0, 128, java.nio.charset.StandardCharsets.US_ASCII)
                .contains("'descr': '|u1', 'fortran_order': False, 'shape': (40, 5, 12), }"));
        for (int i = 128; i < hidden.length; i++) {
            assertTrue(hidden[i] == 0 || hidden[i] == 1, "byte " + i + " is " + hidden[i]);
        }
        assertEquals(6 + 1, Files.readAllLines(out.resolve("loss.csv")).size());

        CliRunner.Result eval = CliRunner.run("eval-ae", "--backend", "cpu", "--model", out.toString(), "--data",
                data.toString(), "--limit-test", "40", "--no-progress");
        assertEquals(0, eval.code(), eval.err());
        JsonObject e = JsonParser.parseString(Files.readString(out.resolve("eval.json"))).getAsJsonObject();
        // Evaluation is deterministic: the same spikes as train-ae's own test pass.
        assertEquals(mse, e.get("test_mse").getAsDouble(), 1e-12);
        assertEquals(pixelMse, e.get("test_pixel_mse").getAsDouble(), 1e-12);
        // the same first 40 test images, the same spikes: eval-ae's hidden spike maps are train-ae's
        assertArrayEquals(hidden, Files.readAllBytes(out.resolve("test_hidden_spikes.npy")));
    }

    /** An interrupted run resumed from its checkpoint ends with exactly the weights of an uninterrupted run. */
    @Test
    void resumeGivesTheSameWeightsAsAnUninterruptedRun() {
        Path straight = tmp.resolve("straight");
        Path interrupted = tmp.resolve("interrupted");
        assertEquals(0, CliRunner.run(args(straight, "--epochs", "2")).code());
        assertEquals(0, CliRunner.run(args(interrupted, "--epochs", "2", "--stop-after", "4")).code());
        Checkpoint partial = Checkpoint.read(interrupted.resolve(Checkpoint.FILE_NAME));
        assertEquals(0, partial.epoch());
        assertEquals(4, partial.nextBatch());
        assertEquals(0, CliRunner.run(args(interrupted, "--epochs", "2", "--stop-after", "5", "--resume")).code());
        assertEquals(1, Checkpoint.read(interrupted.resolve(Checkpoint.FILE_NAME)).epoch());
        assertEquals(0, CliRunner.run(args(interrupted, "--epochs", "2", "--resume")).code());
        Checkpoint a = Checkpoint.read(straight.resolve(Checkpoint.FILE_NAME));
        Checkpoint b = Checkpoint.read(interrupted.resolve(Checkpoint.FILE_NAME));
        assertTrue(a.complete() && b.complete());
        for (int l = 0; l < a.weights().length; l++) {
            assertArrayEquals(a.weights()[l], b.weights()[l]);
        }
        assertArrayEquals(a.loss(), b.loss());
    }

    @Test
    void refusesToOverwriteAnotherRunsCheckpoint() throws IOException {
        Path out = tmp.resolve("twice");
        assertEquals(0, CliRunner.run(args(out, "--stop-after", "1")).code());
        byte[] before = Files.readAllBytes(out.resolve(Checkpoint.FILE_NAME));
        CliRunner.Result again = CliRunner.run(args(out));
        assertEquals(1, again.code());
        assertTrue(again.err().contains("already exists") && again.err().contains("--resume"), again.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve(Checkpoint.FILE_NAME)));
    }

    @Test
    void resumeWithOtherOptionsNamesTheDifference() throws IOException {
        Path out = tmp.resolve("mismatch");
        assertEquals(0, CliRunner.run(args(out, "--stop-after", "1")).code());
        byte[] before = Files.readAllBytes(out.resolve(Checkpoint.FILE_NAME));
        CliRunner.Result r = CliRunner.run(args(out, "--resume", "--leak", "0.2"));
        assertEquals(1, r.code());
        assertTrue(r.err().contains("leak"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertArrayEquals(before, Files.readAllBytes(out.resolve(Checkpoint.FILE_NAME)));
    }

    /** Every command that takes --backend defaults to auto (OpenCL when a device exists), the CPU one option away. */
    @Test
    void backendDefaultsToAuto() {
        for (String command : new String[] {"train-ae", "eval-ae", "train-audiocoder", "synthesize"}) {
            CliRunner.Result help = CliRunner.run(command, "--help");
            assertEquals(0, help.code(), help.err());
            assertTrue(help.out().matches("(?s).*--backend=auto\\|cpu\\|opencl.*Default: auto\\..*"), help.out());
        }
    }

    @Test
    void eachCommandsHelpShowsItsOwnDefaults() {
        String ae = CliRunner.run("train-ae", "--help").out().replaceAll("\\s+", " ");
        assertTrue(ae.contains("Time steps per sample, in training and inference (preset: 15)"), ae);
        String ac = CliRunner.run("train-audiocoder", "--help").out().replaceAll("\\s+", " ");
        assertTrue(ac.contains("Time steps per sample, in training and inference (recipe fsdd: 30, paper: 60)"), ac);
        assertTrue(ac.contains("Learning rate (recipe fsdd: 5e-4, paper: 5e-5)"), ac);
        assertFalse(ac.contains("(preset: 15)") || ac.contains("(preset: 5e-4)"), ac);
    }
}
