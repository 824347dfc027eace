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
import org.spikecoder.io.nir.NirFile;
import org.spikecoder.io.nir.NirGraph;

import com.google.gson.JsonParser;

/** export-nir and import-nir end to end: a trained autoencoder leaves and comes back unchanged. */
class NirCommandTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path trained;

    @BeforeAll
    static void train() throws IOException {
        data = TestData.mnistFolder(tmp.resolve("data"), 100, 40);
        trained = tmp.resolve("trained");
        CliRunner.Result r = CliRunner.run("train-ae", "--backend", "cpu", "--data", data.toString(), "--out",
                trained.toString(), "--hidden", "12", "--steps", "5", "--batch", "20", "--limit-train", "100",
                "--limit-test", "40", "--train-eval", "20", "--lr", "5e-3", "--seed", "3", "--no-progress");
        assertEquals(0, r.code(), r.err());
    }

    static double evalMse(Path model, Path out) throws IOException {
        CliRunner.Result r = CliRunner.run("eval-ae", "--backend", "cpu", "--model", model.toString(), "--data",
                data.toString(), "--out", out.toString(), "--limit-test", "40", "--no-progress");
        assertEquals(0, r.code(), r.err());
        return JsonParser.parseString(Files.readString(out.resolve("eval.json"))).getAsJsonObject()
                .get("test_mse").getAsDouble();
    }

    @Test
    void exportThenImportKeepsTheWeightsBitForBitAndTheTestMse() throws IOException {
        Path nir = tmp.resolve("export/ae.nir");
        CliRunner.Result ex = CliRunner.run("export-nir", "--model", trained.toString(), "--out", nir.toString());
        assertEquals(0, ex.code(), ex.err());
        assertTrue(ex.out().contains("784-12-784"), ex.out());
        Path back = tmp.resolve("imported");
        CliRunner.Result im = CliRunner.run("import-nir", "--nir", nir.toString(), "--out", back.toString());
        assertEquals(0, im.code(), im.err());
        assertTrue(im.out().contains("eval-ae --model"), im.out());

        Checkpoint a = Checkpoint.read(trained.resolve(Checkpoint.FILE_NAME));
        Checkpoint b = Checkpoint.read(back.resolve(Checkpoint.FILE_NAME));
        assertEquals(a.network(), b.network());
        for (int l = 0; l < a.weights().length; l++) {
            assertArrayEquals(a.weights()[l], b.weights()[l], "layer " + (l + 1));
        }
        assertEquals(a.config(), b.config(), "the metadata's config comes back, leak and threshold from the graph");
        assertEquals("autoencoder", b.kind());
        assertEquals(a.dataset(), b.dataset());
        assertEquals(evalMse(trained, tmp.resolve("eval-a")), evalMse(back, tmp.resolve("eval-b")));
        try (var files = Files.list(nir.getParent())) {
            assertEquals(1, files.count(), "the atomic write leaves no temp file");
        }
    }

    @Test
    void leakZeroIsWrittenAsIfAndReadBack() {
        Path out = tmp.resolve("if");
        Checkpoint a = Checkpoint.read(trained.resolve(Checkpoint.FILE_NAME));
        Checkpoint noLeak = new Checkpoint(a.kind(), a.network(), a.config().toBuilder().leak(0f).build(),
                a.dataset(), 0, a.config().epochs(), 0, 0, 0, new double[0], a.weights(), a.meta());
        noLeak.write(out.resolve("model/" + Checkpoint.FILE_NAME));
        Path nir = out.resolve("if.nir");
        assertEquals(0, CliRunner.run("export-nir", "--model", out.resolve("model").toString(), "--out",
                nir.toString()).code());
        NirGraph g = NirFile.read(nir);
        assertEquals("IF", g.nodes().get("if").type());
        assertEquals("IF", g.nodes().get("if_1").type());
        assertEquals(0, CliRunner.run("import-nir", "--nir", nir.toString(), "--out", out.resolve("back").toString())
                .code());
        Checkpoint b = Checkpoint.read(out.resolve("back").resolve(Checkpoint.FILE_NAME));
        assertEquals(0f, b.config().leak());
        assertArrayEquals(a.weights()[1], b.weights()[1]);
    }

    /** A file written by NIR's own writer (native-tests/nir/make_fixture.py) imports and evaluates. */
    @Test
    void aFileWrittenByNirsWriterImportsAndEvaluates() throws IOException {
        Path fixture = Path.of("src/test/resources/nir/nir-writer-784-8-784.nir");
        Path out = tmp.resolve("fixture");
        CliRunner.Result im = CliRunner.run("import-nir", "--nir", fixture.toString(), "--out", out.toString(),
                "--steps", "5");
        assertEquals(0, im.code(), im.err());
        Checkpoint c = Checkpoint.read(out.resolve(Checkpoint.FILE_NAME));
        assertEquals("784-8-784", c.network().toString());
        assertEquals(0.25f, c.config().leak());
        assertEquals(0.5f, c.config().threshold());
        assertEquals(5, c.config().steps());
        assertEquals("mnist", c.dataset());
        for (int l = 1; l <= 2; l++) {
            int post = c.network().size(l);
            int pre = c.network().size(l - 1);
            float[] w = c.weights()[l - 1];
            for (int i = 0; i < post; i++) {
                for (int j = 0; j < pre; j++) {
                    float expected = ((7 * i + 3 * j + l) % 17 - 8) / 64f; // make_fixture.py's formula, exact
                    if (w[i * pre + j] != expected) {
                        throw new AssertionError("layer " + l + " [" + i + "][" + j + "]: " + w[i * pre + j]
                                + " != " + expected);
                    }
                }
            }
        }
        double mse = evalMse(out, out);
        assertTrue(mse > 0 && Double.isFinite(mse), "test_mse " + mse);
    }

    @Test
    void badFilesEndInOneLineNamingTheFile() throws IOException {
        Path notHdf5 = tmp.resolve("bad/not.nir");
        Files.createDirectories(notHdf5.getParent());
        Files.writeString(notHdf5, "hello");
        byte[] fixture = Files.readAllBytes(Path.of("src/test/resources/nir/nir-writer-784-8-784.nir"));
        Path truncated = tmp.resolve("bad/truncated.nir");
        Files.write(truncated, java.util.Arrays.copyOf(fixture, fixture.length / 2));
        for (Path p : new Path[] {notHdf5, truncated, tmp.resolve("bad/missing.nir")}) {
            CliRunner.Result r = CliRunner.run("import-nir", "--nir", p.toString(), "--out",
                    tmp.resolve("bad/out").toString());
            assertEquals(1, r.code(), p.toString());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains(p.toString()), r.err());
        }
        CliRunner.Result r = CliRunner.run("export-nir", "--model", tmp.resolve("bad").toString(), "--out",
                tmp.resolve("bad/x.nir").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("checkpoint.spk"), r.err());
        assertFalse(Files.exists(tmp.resolve("bad/x.nir")));
    }

    /** An audio-to-image model leaves as NIR and comes back as a model.spk that synthesize reads. */
    @Test
    void anAudioToImageModelComesBackAsModelSpk() {
        org.spikecoder.audio.SpectrogramConfig spec = org.spikecoder.audio.SpectrogramConfig.defaults();
        org.spikecoder.model.NetworkSpec ac = org.spikecoder.model.NetworkSpec.of(6, 4, 3);
        float[][] w = {new float[24], new float[12]};
        w[0][5] = 0.25f;
        w[1][2] = -1.5f;
        float[] decoder = new float[5 * 3];
        decoder[7] = 0.125f;
        org.spikecoder.model.TrainConfig c = org.spikecoder.model.Preset.PAPER.defaults();
        var model = org.spikecoder.audiocoder.SynthesisModel.join(w, ac, decoder, 5, c, spec,
                java.util.Map.of("pairing", "A"));
        Path dir = tmp.resolve("audio");
        model.write(dir.resolve(org.spikecoder.audiocoder.SynthesisModel.FILE_NAME));
        Path nir = tmp.resolve("audio.nir");
        CliRunner.Result ex = CliRunner.run("export-nir", "--model", dir.toString(), "--out", nir.toString());
        assertEquals(0, ex.code(), ex.err());
        assertTrue(ex.out().contains("6-4-3-5"), ex.out());
        CliRunner.Result im = CliRunner.run("import-nir", "--nir", nir.toString(), "--out",
                tmp.resolve("audio-back").toString());
        assertEquals(0, im.code(), im.err());
        assertTrue(im.out().contains("synthesize --model"), im.out());
        var back = org.spikecoder.audiocoder.SynthesisModel.read(tmp.resolve("audio-back")
                .resolve(org.spikecoder.audiocoder.SynthesisModel.FILE_NAME));
        assertEquals(spec, back.spectrogram());
        assertEquals("A", back.settings().get("pairing"));
        for (int l = 0; l < 3; l++) {
            assertArrayEquals(model.weights()[l], back.weights()[l]);
        }
    }
}
