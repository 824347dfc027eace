package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.ann.AnnAudiocoder;
import org.spikecoder.io.Npy;
import org.spikecoder.io.NpyArray;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** A tiny end-to-end AC-ANN run: train-ann, then train-ac-ann with pairings A and B. */
class TrainAcAnnCommandTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path ae;

    @BeforeAll
    static void autoencoder() throws IOException {
        data = TestData.mnistFolder(tmp.resolve("data"), 120, 20);
        TestData.fsddFolder(tmp.resolve("data"), 2, 7);
        ae = tmp.resolve("ae");
        CliRunner.Result r = CliRunner.run("train-ann", "--data", data.toString(), "--out", ae.toString(), "--hidden",
                "16", "--optimizer", "adam", "--epochs", "3", "--batch", "20", "--limit-test", "20", "--train-eval",
                "20", "--no-progress");
        assertEquals(0, r.code(), r.err());
    }

    /** A tiny run; {@code overrides} are option/value pairs that replace the defaults below or add to them. */
    private static CliRunner.Result acAnn(Path out, String pairing, String... overrides) {
        java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
        String[] base = {"--ae-ann", ae.toString(), "--data", data.toString(), "--out", out.toString(), "--pairing",
                pairing, "--hidden-steps", "3", "--hidden", "24", "--frames", "12", "--optimizer", "adam", "--lr",
                "1e-3", "--batch", "10", "--epochs", "3", "--seed", "2"};
        for (int i = 0; i < base.length; i += 2) {
            o.put(base[i], base[i + 1]);
        }
        for (int i = 0; i < overrides.length; i += 2) {
            o.put(overrides[i], overrides[i + 1]);
        }
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("train-ac-ann", "--no-progress"));
        o.forEach((k, v) -> {
            args.add(k);
            if (v != null) {
                args.add(v);
            }
        });
        return CliRunner.run(args.toArray(new String[0]));
    }

    private static JsonObject metrics(Path out) throws IOException {
        return JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
    }

    @Test
    void pairingAWritesMetricsGridLossAndModel() throws IOException {
        Path out = tmp.resolve("a");
        CliRunner.Result r = acAnn(out, "A");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("test_mse"), r.out());
        JsonObject m = metrics(out);
        for (String key : new String[] {"test_mse", "train_mse", "train_seconds", "samples_per_second", "backend",
                "pairing", "hidden_steps", "config", "test_mse_clamped_prediction"}) {
            assertTrue(m.has(key), "metrics.json lacks " + key);
        }
        assertEquals("cpu-ann", m.get("backend").getAsString());
        assertEquals("A", m.get("pairing").getAsString());
        assertEquals(3, m.get("hidden_steps").getAsInt());
        assertEquals(8, m.get("levels").getAsInt());
        assertEquals(40, m.get("train_clips").getAsInt());
        assertEquals(100, m.get("test_clips").getAsInt());
        assertEquals("468-24-16", m.get("network").getAsString());
        assertEquals("468-24-16-784", m.get("synthesis_network").getAsString());
        double test = m.get("test_mse").getAsDouble();
        assertTrue(test > 0 && test < 2.5, "z-scored MSE lies in (0, 4): " + test);
        assertEquals(12, Files.readAllLines(out.resolve("loss.csv")).size() - 1, "3 epochs x 4 batches");
        assertTrue(Files.exists(out.resolve("loss.png")));
        BufferedImage grid = ImageIO.read(out.resolve("synthesis-grid.png").toFile());
        assertTrue(grid.getHeight() > grid.getWidth(), "ten rows of five");
        assertEquals("468-24-16", AnnAudiocoder.load(out).describe());

        // Pairing A: every clip of a digit has its class's target, each value one of the 2^3 levels.
        NpyArray t = Npy.read(out.resolve("targets.npy"));
        assertEquals(40, t.shape()[0]);
        assertEquals(16, t.shape()[1]);
        Set<Float> values = new HashSet<>();
        for (float v : t.data()) {
            values.add(v);
        }
        assertTrue(values.size() <= 8 && values.contains(0f), values.toString());
    }

    @Test
    void pairingBIsSeededAndReproducible() throws IOException {
        Path a = tmp.resolve("b1");
        Path b = tmp.resolve("b2");
        assertEquals(0, acAnn(a, "B").code());
        assertEquals(0, acAnn(b, "b").code());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(a.resolve("targets.npy")),
                Files.readAllBytes(b.resolve("targets.npy"))));
        assertEquals(metrics(a).get("test_mse").getAsDouble(), metrics(b).get("test_mse").getAsDouble());
        assertEquals(metrics(a).get("train_mse").getAsDouble(), metrics(b).get("train_mse").getAsDouble());
        assertEquals("B", metrics(a).get("pairing").getAsString());
    }

    @Test
    void sgdAndUnquantisedPredictionRun() throws IOException {
        Path out = tmp.resolve("sgd");
        CliRunner.Result r = acAnn(out, "A", "--optimizer", "sgd", "--lr", "1e-2", "--no-quantise-prediction", null);
        assertEquals(0, r.code(), r.err());
        JsonObject m = metrics(out);
        assertTrue(m.has("test_mse_quantised_prediction"), m.toString());
        assertEquals("sgd", m.getAsJsonObject("config").get("optimizer").getAsString());
        assertEquals(false, m.getAsJsonObject("config").get("quantise_prediction").getAsBoolean());
    }

    @Test
    void badOptionsGetOneLine() {
        CliRunner.Result r = acAnn(tmp.resolve("x1"), "C");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--pairing"), r.err());
        r = acAnn(tmp.resolve("x2"), "A", "--hidden-steps", "17");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--hidden-steps"), r.err());
        r = acAnn(tmp.resolve("x3"), "A", "--ae-ann", tmp.resolve("nothing").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("ann.json"), r.err());
    }
}
