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

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SettingException;
import org.spikecoder.cli.TestData;
import org.spikecoder.io.Checkpoint;

/** The library face: settings checked by field, a run trained, stopped, resumed and evaluated through the API. */
class AutoencoderTest {
    @TempDir
    static Path tmp;
    static Path data;

    @BeforeAll
    static void data() throws IOException {
        data = TestData.mnistFolder(tmp.resolve("data"), 120, 40);
    }

    private static Autoencoder.Builder small() {
        return Autoencoder.builder().dataFolder(data).downloads(false).hidden(12).steps(5).batchSize(20)
                .learningRate(5e-3f).seed(3).limitTest(40).trainEval(40).backend(BackendKind.CPU);
    }

    @Test
    void settingsAreCheckedByFieldName() {
        SettingException lr = assertThrows(SettingException.class, () -> small().learningRate(-1f).build());
        assertEquals("learningRate must be a positive number, got -1.0", lr.getMessage());
        assertEquals("hidden must be at least 1, got 0",
                assertThrows(SettingException.class, () -> small().hidden(0).build()).getMessage());
        assertEquals("checkpointEvery must be at least 1, got 0",
                assertThrows(SettingException.class, () -> small().checkpointEvery(0).build()).getMessage());
        assertEquals("limitTrain must be 0 or more, got -1",
                assertThrows(SettingException.class, () -> small().limitTrain(-1).build()).getMessage());
        assertEquals("backend must be cpu, opencl or auto, got 'tpu'",
                assertThrows(SettingException.class, () -> BackendKind.parse("tpu")).getMessage());
        assertThrows(SettingException.class, () -> small().dataset(null));
        assertEquals("autoencoder must not be null",
                assertThrows(SettingException.class, () -> Audiocoder.builder().build()).getMessage());
        assertEquals("evalSteps must be at least 1, got 0", assertThrows(SettingException.class,
                () -> Audiocoder.builder().autoencoder(tmp).evalSteps(0).build()).getMessage());
    }

    @Test
    void trainsEvaluatesAndReportsItsPhases() throws IOException {
        List<String> events = new ArrayList<>();
        int[] batches = {0};
        RunListener listener = new RunListener() {
            @Override
            public void started(Phase phase, long total, long done) {
                events.add("start " + phase.label() + " " + total);
            }

            @Override
            public void trainBatchDone(int epoch, int batchIndex, int all, int samples, double loss) {
                batches[0]++;
            }

            @Override
            public void ended(Phase phase) {
                events.add("end " + phase.label());
            }
        };
        Path out = tmp.resolve("whole");
        AutoencoderResult r = small().listener(listener).build().train(out);
        assertTrue(r.complete());
        assertEquals(List.of("start train 120", "end train", "start test 40", "end test", "start train-eval 40",
                "end train-eval"), events);
        assertEquals(6, batches[0]);
        assertTrue(r.testMse() > 0 && r.testMse() < 2, "test MSE " + r.testMse());
        assertEquals("cpu", r.backend());
        assertEquals(r.testMse(), ((Number) r.metrics().get("test_mse")).doubleValue());
        assertFalse(r.valMse().isPresent());
        // the weights it returns are the checkpoint's, which the API initialised and trained
        Checkpoint c = Checkpoint.read(r.checkpoint());
        assertTrue(c.complete());
        assertArrayEquals(c.weights()[0], r.weights()[0]);
        for (String f : new String[] {"metrics.json", "reconstructions.png", "layer1.npy", "test_hidden_spikes.npy"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        Path nir = tmp.resolve("whole.nir");
        r.exportNir(nir, 1e-4);
        assertTrue(Files.size(nir) > 0);
    }

    @Test
    void aStoppedRunResumesToTheSameWeights() {
        AutoencoderResult straight = small().epochs(2).build().train(tmp.resolve("straight"));
        Path out = tmp.resolve("stopped");
        AutoencoderResult part = small().epochs(2).stopAfter(4).build().train(out);
        assertFalse(part.complete());
        assertThrows(IllegalStateException.class, part::testMse);
        SettingException again = assertThrows(SettingException.class, () -> small().epochs(2).build().train(out));
        assertTrue(again.getMessage().contains("already exists: pass resume"), again.getMessage());
        SettingException other = assertThrows(SettingException.class,
                () -> small().epochs(2).leak(0.2f).resume(true).build().train(out));
        assertTrue(other.fields().contains("leak"), other.getMessage());
        AutoencoderResult resumed = small().epochs(2).resume(true).build().train(out);
        assertTrue(resumed.complete());
        for (int l = 0; l < 2; l++) {
            assertArrayEquals(straight.weights()[l], resumed.weights()[l]);
        }
        assertEquals(straight.testMse(), resumed.testMse());
    }
}
