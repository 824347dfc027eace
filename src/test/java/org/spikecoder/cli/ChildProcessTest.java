package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.RunLock;

/**
 * What needs a second process: SIGTERM to a training process (as Ctrl-C and job schedulers send) saves a checkpoint
 * after the batch in flight and says where in one line, and an --out lock holds against other processes. A real
 * child JVM, because a signal and a lock held by another process cannot be had in-process.
 */
class ChildProcessTest {
    @TempDir
    Path tmp;

    /** A claim refused inside this JVM must not drop the OS lock that keeps other processes out. */
    @Test
    void aRefusedClaimInThisJvmKeepsOtherProcessesOut() throws Exception {
        Path data = TestData.mnistFolder(tmp.resolve("data"), 20, 10);
        Path out = tmp.resolve("held");
        try (RunLock held = RunLock.acquire(out, "--out")) {
            org.junit.jupiter.api.Assertions.assertThrows(org.spikecoder.SpikecoderException.class,
                    () -> RunLock.acquire(out, "--out"));
            Path log = tmp.resolve("child.txt");
            List<String> cmd = new ArrayList<>(java());
            cmd.addAll(List.of("train-ae", "--backend", "cpu", "--data", data.toString(), "--out", out.toString(),
                    "--hidden", "4", "--steps", "2", "--no-progress"));
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, child.exitValue(), Files.readString(log));
            assertTrue(Files.readString(log).contains("is in use by process " + ProcessHandle.current().pid()),
                    Files.readString(log));
        }
    }

    /* The command line of a child JVM running Main with this test's class path. */
    private static List<String> java() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), Main.class.getName());
    }

    @Test
    void sigtermSavesAndSaysHowToResumeAndTheLockHoldsAcrossProcesses() throws Exception {
        Path data = TestData.mnistFolder(tmp.resolve("data"), 100, 10);
        Path out = tmp.resolve("run");
        String[] train = {"train-ae", "--backend", "cpu", "--data", data.toString(), "--out", out.toString(),
                "--hidden", "16", "--steps", "4", "--batch", "5", "--epochs", "500", "--limit-test", "10",
                "--train-eval", "10", "--checkpoint-every", "1000", "--no-progress"};
        List<String> cmd = new ArrayList<>(java());
        cmd.addAll(List.of(train));
        Path log = tmp.resolve("stderr.txt");
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Path ckpt = out.resolve(Checkpoint.FILE_NAME);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(ckpt) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(50); // the first epoch's end: the child holds the lock and is training
            }
            assertTrue(Files.exists(ckpt), "no checkpoint after the first epoch: " + Files.readString(log));

            CliRunner.Result other = CliRunner.run(train);
            assertEquals(1, other.code());
            assertTrue(other.err().contains("is in use by process " + child.pid()), other.err());
            assertTrue(CliRunner.run(ReliabilityTest.concat(train, "--resume")).err().contains("in use"));

            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not exit");
            assertEquals(143, child.exitValue(), Files.readString(log));
        } finally {
            child.destroyForcibly();
        }
        String said = Files.readString(log);
        assertTrue(said.contains("interrupted: checkpoint saved in " + out.resolve(Checkpoint.FILE_NAME) + " at "),
                said);
        assertTrue(said.contains("continue with --resume"), said);
        Checkpoint saved = Checkpoint.read(out.resolve(Checkpoint.FILE_NAME));
        assertTrue(saved.epoch() >= 1 && !saved.complete(), "epoch " + saved.epoch());
        CliRunner.Result resumed = CliRunner.run(ReliabilityTest.concat(train, "--resume", "--stop-after", "1"));
        assertEquals(0, resumed.code(), resumed.err());
        try (RunLock free = RunLock.acquire(out, "--out")) {
            assertTrue(Files.exists(out.resolve(RunLock.FILE_NAME)));
        }
    }
}
