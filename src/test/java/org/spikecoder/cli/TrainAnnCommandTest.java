package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.ann.AnnAutoencoder;
import org.spikecoder.io.Npy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** End-to-end runs of train-ann on a tiny generated data set. */
class TrainAnnCommandTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TestData.mnistFolder(tmp.resolve("data"), 150, 50);
    }

    private static CliRunner.Result run(Path out, String... extra) {
        String[] base = {"train-ann", "--data", data.toString(), "--out", out.toString(), "--hidden", "12",
                "--batch", "20", "--limit-train", "120", "--limit-test", "40", "--train-eval", "40", "--seed", "3",
                "--no-progress"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return CliRunner.run(all);
    }

    @Test
    void writesTheSameMetricsKeysAsTrainAePicturesAndALoadableModel() throws IOException {
        Path out = tmp.resolve("adam");
        CliRunner.Result r = run(out, "--optimizer", "adam", "--epochs", "2");
        assertEquals(0, r.code(), r.err());
        JsonObject m = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        for (String key : new String[] {"test_mse", "train_mse", "train_seconds", "samples_per_second", "backend",
                "device", "dataset", "network", "train_images", "test_images", "config"}) {
            assertTrue(m.has(key), "metrics.json lacks " + key);
        }
        assertEquals("cpu-ann", m.get("backend").getAsString());
        assertEquals("784-12-784", m.get("network").getAsString());
        assertEquals(120, m.get("train_images").getAsInt());
        assertEquals(40, m.get("test_images").getAsInt());
        JsonObject config = m.getAsJsonObject("config");
        assertEquals("adam", config.get("optimizer").getAsString());
        assertEquals(1e-3, config.get("learning_rate").getAsDouble(), 0);
        double mse = m.get("test_mse").getAsDouble();
        assertTrue(mse > 0 && mse < 2, "test_mse " + mse);
        for (String f : new String[] {"reconstructions.png", "loss.csv", "loss.png", "layer1.npy", "layer2.npy",
                "bias1.npy", "bias2.npy", "ann.json"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        assertEquals(2 * 6 + 1, Files.readAllLines(out.resolve("loss.csv")).size());
        AnnAutoencoder net = AnnAutoencoder.load(out);
        assertEquals(12, net.hidden());
        assertArrayEquals(new int[] {784, 12}, Npy.read(out.resolve("layer2.npy")).shape());
        assertArrayEquals(net.layer2(), Npy.read(out.resolve("layer2.npy")).data(), 0f);
    }

    @Test
    void sgdLearningRateDefaultsFollowThePaperPerDataset() {
        assertEquals(0.1, TrainAnnCommand.defaultLr(TrainAnnCommand.Opt.SGD, "mnist"), 0);
        assertEquals(5e-3, TrainAnnCommand.defaultLr(TrainAnnCommand.Opt.SGD, "fashion-mnist"), 0);
        assertEquals(1e-3, TrainAnnCommand.defaultLr(TrainAnnCommand.Opt.ADAM, "mnist"), 0);
    }

    @Test
    void refusesToOverwriteAModelAndRejectsBadOptionsInOneLine() {
        Path out = tmp.resolve("twice");
        assertEquals(0, run(out, "--lr", "0.01").code());
        CliRunner.Result again = run(out);
        assertEquals(1, again.code());
        assertTrue(again.err().startsWith("error: ") && again.err().contains("already exists"), again.err());
        CliRunner.Result bad = run(tmp.resolve("bad"), "--lr", "-1");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("--lr must be a positive number"), bad.err());
        assertEquals(2, run(tmp.resolve("bad2"), "--optimizer", "rmsprop").code());
    }
}
