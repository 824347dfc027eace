package org.spikecoder.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SettingException;
import org.spikecoder.cli.TestData;
import org.spikecoder.io.Checkpoint;

/** A trained autoencoder checkpoint evaluated through the API: the run's own scores again, its files, its errors. */
class EvaluationTest {
    @TempDir
    static Path tmp;
    static Path data;
    static Path run;
    static AutoencoderResult trained;

    @BeforeAll
    static void train() throws IOException {
        data = TestData.mnistFolder(tmp.resolve("data"), 120, 40);
        run = tmp.resolve("run");
        trained = Autoencoder.builder().dataFolder(data).downloads(false).hidden(12).steps(5).batchSize(20)
                .learningRate(5e-3f).seed(3).limitTest(40).trainEval(40).backend(BackendKind.CPU).build().train(run);
        assertTrue(trained.complete());
    }

    private static Evaluation.Builder of(Path model) {
        return Evaluation.of(model).dataFolder(data).downloads(false).backend(BackendKind.CPU);
    }

    @Test
    void scoresTheTestImagesAsTrainingDid() throws IOException {
        List<String> events = new ArrayList<>();
        RunListener listener = new RunListener() {
            @Override
            public void started(Phase phase, long total, long done) {
                events.add("start " + phase.label() + " " + total);
            }

            @Override
            public void ended(Phase phase) {
                events.add("end " + phase.label());
            }
        };
        Path out = tmp.resolve("eval");
        Evaluation e = of(run).listener(listener).exportWeights(true).build();
        assertEquals("mnist", e.dataset(), "the checkpoint's data set by default");
        EvaluationResult r = e.evaluate(out);
        assertEquals(List.of("start eval 40", "end eval"), events);
        assertEquals(Split.TEST, r.split());
        assertEquals(40, r.images());
        assertEquals(trained.testMse(), r.mse(), "the same images, the same spikes");
        assertEquals(trained.testSpikeMse(), r.spikeMse());
        assertEquals(trained.testPixelMse(), r.pixelMse());
        assertEquals("cpu", r.backend());
        assertTrue(r.seconds() >= 0);
        assertArrayEquals(Files.readAllBytes(run.resolve("test_hidden_spikes.npy")),
                Files.readAllBytes(out.resolve("test_hidden_spikes.npy")));
        for (String f : new String[] {"eval-reconstructions.png", "spikes.png", "layer1.npy", "layer2.npy"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        JsonObject json = JsonParser.parseString(Files.readString(out.resolve("eval.json"))).getAsJsonObject();
        assertEquals(List.of("test_mse", "test_spike_mse", "test_pixel_mse", "images", "eval_seconds", "dataset",
                "split", "backend", "device", "network", "checkpoint"), new ArrayList<>(json.keySet()));
        assertEquals(new ArrayList<>(json.keySet()), new ArrayList<>(r.metrics().keySet()));
        assertEquals(run.resolve(Checkpoint.FILE_NAME).toAbsolutePath().toString(),
                json.get("checkpoint").getAsString());
        assertEquals(r.mse(), json.get("test_mse").getAsDouble());
    }

    @Test
    void scoresTheTrainingSplitIntoTheModelsFolder() throws IOException {
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        Files.copy(run.resolve(Checkpoint.FILE_NAME), copy.resolve(Checkpoint.FILE_NAME));
        EvaluationResult r = of(copy.resolve(Checkpoint.FILE_NAME)).split(Split.TRAIN).limit(30)
                .dataset(Dataset.MNIST).build().evaluate();
        assertEquals(30, r.images());
        assertEquals(copy.toAbsolutePath(), r.folder().toAbsolutePath());
        assertTrue(Files.exists(copy.resolve("train_hidden_spikes.npy")));
        assertFalse(Files.exists(copy.resolve("layer1.npy")), "weights only when asked");
        JsonObject json = JsonParser.parseString(Files.readString(copy.resolve("eval.json"))).getAsJsonObject();
        assertEquals(r.mse(), json.get("train_mse").getAsDouble());
        assertEquals("train", json.get("split").getAsString());
    }

    @Test
    void settingsAreCheckedByFieldName() {
        assertEquals("limit must be 0 or more, got -1", assertThrows(SettingException.class,
                () -> of(tmp.resolve("none")).limit(-1).build()).getMessage());
        SettingException split = assertThrows(SettingException.class, () -> Split.parse("dev"));
        assertEquals(List.of("split"), split.fields());
        assertEquals("model must not be null", assertThrows(SettingException.class,
                () -> Evaluation.of(null)).getMessage());
        assertThrows(SettingException.class, () -> of(run).split(null));
        assertThrows(RuntimeException.class, () -> of(tmp.resolve("none")).build(), "no checkpoint there");
        assertFalse(Files.exists(tmp.resolve("none")), "a refused evaluation must not create a folder");
    }
}
