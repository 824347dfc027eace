package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.Json;
import org.spikecoder.io.RunLock;

/** The failures of issue #12: each ends in one line naming the file or option, and nothing written is lost. */
class ReliabilityTest {
    @TempDir
    static Path tmp;
    static Path data;

    private static final String[] SMALL = {"--hidden", "16", "--steps", "2", "--batch", "10", "--limit-train", "100",
            "--limit-test", "20", "--train-eval", "20", "--no-progress"};

    @BeforeAll
    static void data() throws IOException {
        data = TestData.mnistFolder(tmp.resolve("data"), 100, 20);
        TestData.fsddFolder(tmp.resolve("data"), 1, 6);
    }

    static String[] trainAe(Path out, String... extra) {
        String[] base = {"train-ae", "--backend", "cpu", "--data", data.toString(), "--out", out.toString()};
        return concat(concat(base, SMALL), extra);
    }

    private static void assertOneLine(CliRunner.Result r, String... fragments) {
        assertTrue(r.code() != 0, "exit code 0: " + r.out());
        String err = r.err().strip();
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' in: " + err);
        }
        assertFalse(err.contains("\tat "), "stack trace printed: " + err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("error:")).count(), err);
    }

    @Test
    void aDivergedRunFailsNamingTheLrAndLeavesOnlyLoadableCheckpoints() throws IOException {
        Path out = tmp.resolve("diverged");
        CliRunner.Result r = CliRunner.run(trainAe(out, "--lr", "1e20", "--checkpoint-every", "1"));
        assertOneLine(r, "diverged", "batch", "--lr");
        assertFalse(Files.exists(out.resolve("layer1.npy")) || Files.exists(out.resolve("metrics.json")));
        for (String name : new String[] {"checkpoint.spk", "checkpoint.prev.spk"}) {
            if (Files.exists(out.resolve(name))) {
                Checkpoint.read(out.resolve(name)); // throws if it holds a NaN
            }
        }
    }

    @Test
    void anOutInUseIsRefusedForFreshAndResumedRuns() throws IOException {
        Path out = tmp.resolve("busy");
        assertEquals(0, CliRunner.run(trainAe(out, "--stop-after", "1")).code());
        byte[] before = Files.readAllBytes(out.resolve(Checkpoint.FILE_NAME));
        try (RunLock held = RunLock.acquire(out, "--out")) {
            assertOneLine(CliRunner.run(trainAe(out, "--resume")), "is in use by process");
            assertOneLine(CliRunner.run(trainAe(out)), "is in use by process");
        }
        assertArrayEquals(before, Files.readAllBytes(out.resolve(Checkpoint.FILE_NAME)));
        assertEquals(0, CliRunner.run(trainAe(out, "--resume", "--stop-after", "1")).code());
        assertEquals(1, Checkpoint.read(out.resolve("checkpoint.prev.spk")).nextBatch(), "the generation before");
        assertEquals(2, Checkpoint.read(out.resolve(Checkpoint.FILE_NAME)).nextBatch());
    }

    @Test
    void anOutThatIsAFileFailsBeforeAnyWork() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        // --data names a missing folder: the --out error must come first
        assertOneLine(CliRunner.run("train-ae", "--backend", "cpu", "--data", tmp.resolve("none").toString(), "--out",
                file.toString()), "--out " + file + ": is a file");
        assertOneLine(CliRunner.run("train-audiocoder", "--backend", "cpu", "--ae", tmp.resolve("none").toString(),
                "--out", file.toString()), "--out " + file + ": is a file");
    }

    @Test
    void aResumePastTheEndOfTheEpochIsNamed() throws IOException {
        Path out = tmp.resolve("past");
        assertEquals(0, CliRunner.run(trainAe(out, "--stop-after", "1")).code());
        Path f = out.resolve(Checkpoint.FILE_NAME);
        Checkpoint c = Checkpoint.read(f);
        new Checkpoint(c.kind(), c.network(), c.config(), c.dataset(), c.limitTrain(), 0, 50, 1, 10, c.loss(),
                c.weights(), c.meta()).write(f);
        assertOneLine(CliRunner.run(trainAe(out, "--resume")), f.toString(), "next_batch 50",
                "past the end of the epoch");
    }

    @Test
    void aRefusedAudiocoderRunLeavesTargetsAlone() throws IOException {
        Path ae = tmp.resolve("ae");
        assertEquals(0, CliRunner.run(trainAe(ae, "--lr", "5e-3")).code());
        Path out = tmp.resolve("audio");
        String[] audio = {"train-audiocoder", "--backend", "cpu", "--ae", ae.toString(), "--data", data.toString(),
                "--out", out.toString(), "--hidden", "8", "--frames", "6", "--steps", "2", "--batch", "10",
                "--no-progress"};
        assertEquals(0, CliRunner.run(concat(audio, "--hidden-steps", "2", "--stop-after", "1")).code());
        byte[] targets = Files.readAllBytes(out.resolve("targets.npy"));
        assertOneLine(CliRunner.run(concat(audio, "--hidden-steps", "1")), "already exists");
        assertOneLine(CliRunner.run(concat(audio, "--hidden-steps", "1", "--resume")), "does not match");
        assertArrayEquals(targets, Files.readAllBytes(out.resolve("targets.npy")));
    }

    /** The case: without training clips train-audiocoder used to exit 0 with an untrained model.spk. */
    @Test
    void anAudiocoderWithoutTrainingClipsIsRefused() throws IOException {
        Path testOnly = TestData.mnistFolder(tmp.resolve("test-only"), 100, 20);
        TestData.fsddFolder(testOnly, 1, 5); // clip indices 0..4: FSDD's test split only
        Path ae = tmp.resolve("test-only-ae");
        String[] aeArgs = trainAe(ae);
        aeArgs[java.util.Arrays.asList(aeArgs).indexOf("--data") + 1] = testOnly.toString();
        assertEquals(0, CliRunner.run(aeArgs).code());
        Path out = tmp.resolve("test-only-audio");
        assertOneLine(CliRunner.run("train-audiocoder", "--backend", "cpu", "--ae", ae.toString(), "--data",
                testOnly.toString(), "--out", out.toString(), "--hidden", "8", "--frames", "6", "--steps", "2",
                "--hidden-steps", "2", "--no-progress"), "holds 0 training and 50 test clips");
        assertFalse(Files.exists(out.resolve("model.spk")) || Files.exists(out.resolve("metrics.json")));
    }

    @Test
    void optionsOutOfRangeAreNamed() {
        Path out = tmp.resolve("never");
        assertOneLine(CliRunner.run(trainAe(out, "--epsilon", "Infinity")), "--epsilon");
        assertOneLine(CliRunner.run(trainAe(out, "--shared-trace-divisor", "Infinity")), "--shared-trace-divisor");
        assertOneLine(CliRunner.run("train-ae", "--backend", "cpu", "--data", data.toString(), "--out",
                tmp.resolve("steps").toString(), "--steps", "100000", "--limit-train", "100", "--limit-test", "20"),
                "--steps 100000");
        assertOneLine(CliRunner.run("eval-ae", "--backend", "cpu", "--model", tmp.resolve("none").toString(),
                "--limit-test", "-1"), "--limit-test");
        assertOneLine(CliRunner.run("train-audiocoder", "--backend", "cpu", "--ae", "none", "--out", out.toString(),
                "--hop", "0"), "--hop");
        assertOneLine(CliRunner.run("train-audiocoder", "--backend", "cpu", "--ae", "none", "--out", out.toString(),
                "--frames", "100000000"), "--frames");
        assertFalse(Files.exists(out), "a refused option must not create --out");
    }

    /** Buffers are sized for the data, not for a --batch larger than it; the weights do not change. */
    @Test
    void aBatchLargerThanTheDataSetNeedsNoMoreMemory() {
        Path whole = tmp.resolve("batch-100");
        Path huge = tmp.resolve("batch-2e9");
        assertEquals(0, CliRunner.run(withBatch(trainAe(whole, "--stop-after", "1"), "100")).code());
        CliRunner.Result r = CliRunner.run(withBatch(trainAe(huge, "--stop-after", "1"), "2000000000"));
        assertEquals(0, r.code(), r.err());
        float[][] a = Checkpoint.read(whole.resolve(Checkpoint.FILE_NAME)).weights();
        float[][] b = Checkpoint.read(huge.resolve(Checkpoint.FILE_NAME)).weights();
        for (int l = 0; l < a.length; l++) {
            assertArrayEquals(a[l], b[l]);
        }
    }

    @Test
    void metricsNeverHoldNaNOrInfinity() {
        String json = Json.metrics("metrics.json", Map.of("train_mse", Double.NaN, "test_mse", 0.5,
                "rate", Float.POSITIVE_INFINITY));
        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
        assertTrue(json.contains("\"train_mse\": null") && json.contains("\"test_mse\": 0.5"), json);
    }

    private static String[] withBatch(String[] args, String batch) {
        String[] copy = args.clone();
        copy[java.util.Arrays.asList(copy).indexOf("--batch") + 1] = batch;
        return copy;
    }

    static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
