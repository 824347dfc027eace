package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    @TempDir
    Path tmp;

    @Test
    void runsTheGridWritesCsvAndPlotsAndSkipsFinishedRuns() throws IOException {
        Path data = TestData.mnistFolder(tmp.resolve("data"), 40, 20);
        Path out = tmp.resolve("sweep");
        String[] args = {"sweep", "--grid", "leak=0,0.1", "--grid", "mask=on,off", "--out", out.toString(),
                "--no-progress", "--", "--backend", "cpu", "--data", data.toString(), "--hidden", "8", "--steps", "3",
                "--batch", "20", "--limit-train", "40", "--limit-test", "20", "--train-eval", "20"};
        CliRunner.Result r = CliRunner.run(args);
        assertEquals(0, r.code(), r.err());
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(5, csv.size());
        assertTrue(csv.get(0).startsWith("leak,mask,test_mse"), csv.get(0));
        assertTrue(csv.get(4).startsWith("0.1,off,"), csv.get(4));
        assertTrue(Files.size(out.resolve("mse-vs-leak.png")) > 0);
        assertTrue(Files.size(out.resolve("mse-vs-mask.png")) > 0);

        Path one = out.resolve("leak-0_mask-on").resolve("metrics.json");
        FileTime before = Files.getLastModifiedTime(one);
        assertEquals(0, CliRunner.run(args).code());
        assertEquals(before, Files.getLastModifiedTime(one), "a finished run must be skipped");
        assertEquals(csv, Files.readAllLines(out.resolve("sweep.csv")));
    }

    @Test
    void badGridsAreNamed() {
        Path out = tmp.resolve("bad");
        CliRunner.Result r = CliRunner.run("sweep", "--grid", "leak", "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--grid leak"), r.err());
        r = CliRunner.run("sweep", "--grid", "leak=0,0.1", "--out", out.toString(), "--", "--leak", "0.2");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--leak is both swept"), r.err());
        r = CliRunner.run("sweep", "--figure", "fig99", "--out", out.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--figure"), r.err());
    }
}
