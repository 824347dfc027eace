package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.audiocoder.SynthesisModel;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** A tiny end-to-end audio-to-image run: train-ae, train-audiocoder (A and B), synthesize. */
class AudiocoderCommandTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path ae;

    @BeforeAll
    static void autoencoder() throws IOException {
        data = TestData.mnistFolder(tmp.resolve("data"), 120, 20);
        TestData.fsddFolder(tmp.resolve("data"), 2, 7);
        ae = tmp.resolve("ae");
        CliRunner.Result r = CliRunner.run("train-ae", "--backend", "cpu", "--data", data.toString(), "--out",
                ae.toString(), "--hidden", "16", "--steps", "5", "--batch", "20", "--lr", "5e-3", "--limit-test",
                "20", "--train-eval", "20", "--no-progress");
        assertEquals(0, r.code(), r.err());
    }

    private static CliRunner.Result audiocoder(Path out, String pairing) {
        return CliRunner.run("train-audiocoder", "--backend", "cpu", "--ae", ae.toString(), "--data", data.toString(),
                "--out", out.toString(), "--pairing", pairing, "--hidden-steps", "3", "--hidden", "24", "--frames",
                "12", "--steps", "8", "--batch", "10", "--epochs", "2", "--lr", "1e-3", "--no-progress");
    }

    @Test
    void trainsEvaluatesAndSynthesizes() throws IOException {
        Path out = tmp.resolve("ac-a");
        CliRunner.Result r = audiocoder(out, "A");
        assertEquals(0, r.code(), r.err());
        JsonObject m = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        assertTrue(m.has("test_mse") && m.has("train_mse"), m.toString());
        assertEquals(40, m.get("train_clips").getAsInt());
        assertEquals(100, m.get("test_clips").getAsInt());
        assertEquals("468-24-16", m.get("network").getAsString());
        assertEquals(10, m.get("class_images").getAsJsonArray().size());
        BufferedImage grid = ImageIO.read(out.resolve("synthesis-grid.png").toFile());
        assertTrue(grid.getHeight() > grid.getWidth(), "ten rows of five");
        assertEquals("468-24-16-784", SynthesisModel.read(out.resolve("model.spk")).network().toString());

        Path wav = data.resolve("fsdd/recordings/3_spk1_2.wav");
        Path png = tmp.resolve("three.png");
        r = CliRunner.run("synthesize", "--backend", "cpu", "--model", out.toString(), "--wav", wav.toString(),
                "--out", png.toString(), "--scale", "4");
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        // One 28 x 28 image at 4 pixels per pixel, inside the grid's border.
        assertTrue(img.getWidth() >= 28 * 4 && img.getWidth() < 28 * 5, "width " + img.getWidth());
        assertEquals(img.getWidth(), img.getHeight());

        // Several clips in one run: a folder and a file, one PNG each plus the grid, in the order given.
        Path clips = Files.createDirectories(tmp.resolve("clips"));
        Files.copy(data.resolve("fsdd/recordings/4_spk1_2.wav"), clips.resolve("b.wav"));
        Files.copy(wav, clips.resolve("a.wav"));
        Files.writeString(clips.resolve("notes.txt"), "not a clip");
        Path many = tmp.resolve("many");
        r = CliRunner.run("synthesize", "--model", out.toString(), "--wav", clips.toString(), "--wav", wav.toString(),
                "--out", many.toString(), "--scale", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote 3 images"), r.out());
        BufferedImage a = ImageIO.read(many.resolve("a.png").toFile());
        assertEquals(a.getWidth(), ImageIO.read(many.resolve("b.png").toFile()).getWidth());
        assertTrue(Files.exists(many.resolve("3_spk1_2.png")));
        BufferedImage all = ImageIO.read(many.resolve("grid.png").toFile());
        assertTrue(all.getWidth() > 2 * a.getWidth() && all.getHeight() < 2 * a.getHeight(), "three in a row");
        r = CliRunner.run("synthesize", "--model", out.toString(), "--wav", clips.toString(), "--out",
                tmp.resolve("x.png").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("must be a folder"), r.err());
    }

    @Test
    void validationAndSpeakerSplitsAreScoredApart() throws IOException {
        Path out = tmp.resolve("ac-val");
        CliRunner.Result r = CliRunner.run("train-audiocoder", "--backend", "cpu", "--ae", ae.toString(), "--data",
                data.toString(), "--out", out.toString(), "--hidden-steps", "3", "--hidden", "24", "--frames", "12",
                "--steps", "8", "--batch", "10", "--epochs", "1", "--lr", "1e-3", "--no-progress", "--validation",
                "1", "--no-eval-test");
        assertEquals(0, r.code(), r.err());
        JsonObject m = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(20, m.get("train_clips").getAsInt(), "index 6 of 2 speakers x 10 digits");
        assertEquals(20, m.get("val_clips").getAsInt(), "index 5");
        assertEquals(0, m.get("test_clips").getAsInt());
        assertTrue(m.has("val_mse") && m.has("val_class_accuracy") && !m.has("test_mse"), m.toString());
        double acc = m.get("val_class_accuracy").getAsDouble();
        assertTrue(acc >= 0 && acc <= 1, m.toString());

        out = tmp.resolve("ac-speaker");
        r = CliRunner.run("train-audiocoder", "--backend", "cpu", "--ae", ae.toString(), "--data", data.toString(),
                "--out", out.toString(), "--hidden-steps", "3", "--hidden", "24", "--frames", "12", "--steps", "8",
                "--batch", "10", "--epochs", "1", "--lr", "1e-3", "--no-progress", "--test-speaker", "spk1");
        assertEquals(0, r.code(), r.err());
        m = JsonParser.parseString(Files.readString(out.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(70, m.get("train_clips").getAsInt(), "all 7 recordings of spk0");
        assertEquals(70, m.get("test_clips").getAsInt(), "all 7 recordings of spk1");
        assertTrue(m.has("test_class_accuracy"), m.toString());
        assertEquals("spk1", m.get("test_speaker").getAsString());
    }

    @Test
    void evalStepsAndLearningRateScheduleReachTheModelAndMetrics() throws IOException {
        Path constant = tmp.resolve("ac-constant");
        Path cosine = tmp.resolve("ac-cosine");
        assertEquals(0, audiocoder(constant, "A").code());
        CliRunner.Result r = CliRunner.run("train-audiocoder", "--backend", "cpu", "--ae", ae.toString(), "--data",
                data.toString(), "--out", cosine.toString(), "--pairing", "A", "--hidden-steps", "3", "--hidden",
                "24", "--frames", "12", "--steps", "8", "--batch", "10", "--epochs", "2", "--lr", "1e-3",
                "--no-progress", "--lr-schedule", "cosine", "--lr-end", "1e-5", "--eval-steps", "16");
        assertEquals(0, r.code(), r.err());
        JsonObject m = JsonParser.parseString(Files.readString(cosine.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(16, m.get("eval_steps").getAsInt());
        assertEquals("COSINE", m.getAsJsonObject("config").get("lrSchedule").getAsString());
        assertEquals(8, m.getAsJsonObject("config").get("steps").getAsInt(), "trained at T 8");
        assertEquals(16, SynthesisModel.read(cosine.resolve("model.spk")).config().steps(), "synthesizes at 16");
        JsonObject c = JsonParser.parseString(Files.readString(constant.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(60, c.get("eval_steps").getAsInt(), "the fsdd recipe's");
        assertTrue(c.get("train_mse").getAsDouble() != m.get("train_mse").getAsDouble(),
                "the schedule changed the training");
    }

    @Test
    void pairingBIsSeededAndReproducible() throws IOException {
        Path a = tmp.resolve("b1");
        Path b = tmp.resolve("b2");
        assertEquals(0, audiocoder(a, "B").code());
        assertEquals(0, audiocoder(b, "B").code());
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(a.resolve("targets.npy")),
                Files.readAllBytes(b.resolve("targets.npy"))));
        JsonObject ma = JsonParser.parseString(Files.readString(a.resolve("metrics.json"))).getAsJsonObject();
        JsonObject mb = JsonParser.parseString(Files.readString(b.resolve("metrics.json"))).getAsJsonObject();
        assertEquals(ma.get("test_mse").getAsDouble(), mb.get("test_mse").getAsDouble());
    }

    @Test
    void badAudioAndModelsGetOneLine() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.wav"), "this is not audio");
        Path out = tmp.resolve("ac-a");
        if (!Files.exists(out.resolve("model.spk"))) {
            assertEquals(0, audiocoder(out, "A").code());
        }
        CliRunner.Result r = CliRunner.run("synthesize", "--backend", "cpu", "--model", out.toString(), "--wav",
                junk.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("junk.wav"), r.err());
        r = CliRunner.run("synthesize", "--backend", "cpu", "--model", ae.toString() + "/checkpoint.spk", "--wav",
                junk.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("not an audio-to-image model"), r.err());
        r = CliRunner.run("train-audiocoder", "--backend", "cpu", "--ae", ae.toString(), "--data", data.toString(),
                "--out", tmp.resolve("x").toString(), "--hidden-steps", "9");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--hidden-steps"), r.err());
    }
}
