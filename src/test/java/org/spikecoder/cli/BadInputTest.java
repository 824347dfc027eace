package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input ends with exit code 1 or 2 and one line naming the option or file, without a stack trace. */
class BadInputTest {
    @TempDir
    Path tmp;

    private static void assertOneLine(CliRunner.Result r, String mustContain) {
        assertTrue(r.code() != 0, "exit code");
        String err = r.err().strip();
        assertTrue(err.contains(mustContain), err);
        assertFalse(err.contains("\tat "), "stack trace printed: " + err);
        assertEquals(1, err.lines().filter(l -> l.startsWith("error:")).count(), err);
    }

    @Test
    void outOfRangeOptionsAreNamed() throws IOException {
        Path data = TestData.mnistFolder(tmp.resolve("d"), 20, 10);
        String[] common = {"train-ae", "--data", data.toString(), "--out", tmp.resolve("o").toString()};
        assertOneLine(CliRunner.run(concat(common, "--leak", "1.5")), "--leak");
        assertOneLine(CliRunner.run(concat(common, "--batch", "0")), "--batch");
        assertOneLine(CliRunner.run(concat(common, "--hidden", "-3")), "--hidden");
        assertOneLine(CliRunner.run(concat(common, "--preset", "matlab")), "--preset");
        assertOneLine(CliRunner.run(concat(common, "--dataset", "cifar")), "--dataset");
        assertOneLine(CliRunner.run(concat(common, "--backend", "tpu")), "--backend");
        assertFalse(Files.exists(tmp.resolve("o").resolve("checkpoint.spk")));
    }

    @Test
    void badTuningIsNamed() {
        assertOneLine(CliRunner.run("bench", "--backend", "cpu", "--tune", "tile=4"), "--tune: unknown key 'tile'");
        assertOneLine(CliRunner.run("verify", "--tune", "vw=3"), "--tune vw must be 1, 4, 8 or 16");
        assertOneLine(CliRunner.run("train-ae", "--backend", "cpu", "--tune", "inputMajor=maybe", "--out",
                tmp.resolve("t").toString()), "--tune inputMajor must be true or false");
    }

    @Test
    void missingDataFolderIsNamed() {
        Path nowhere = tmp.resolve("no-such-folder");
        CliRunner.Result r = CliRunner.run("train-ae", "--data", nowhere.toString(), "--offline", "--out",
                tmp.resolve("o").toString());
        assertOneLine(r, "no-such-folder");
        assertTrue(r.err().contains("or run 'spikecoder download mnist'"), r.err());
        assertFalse(Files.exists(nowhere), "--offline created the data folder");
    }

    @Test
    void corruptCheckpointIsNamed() throws IOException {
        Path model = Files.createDirectories(tmp.resolve("m"));
        Files.write(model.resolve("checkpoint.spk"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        CliRunner.Result r = CliRunner.run("eval-ae", "--model", model.toString());
        assertOneLine(r, "checkpoint.spk");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CliRunner.Result r = CliRunner.run("train-ae", "--no-such-option");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--no-such-option"), r.err());
    }

    @Test
    void misspeltOptionGetsASuggestion() {
        CliRunner.Result r = CliRunner.run("train-ae", "--hiden", "64");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("did you mean --hidden?"), r.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
