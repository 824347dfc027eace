package org.spikecoder.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SpikecoderException;

class RunLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondHolderIsRefusedWithThePidUntilTheFirstReleases() {
        Path out = dir.resolve("a/b/run");
        try (RunLock first = RunLock.acquire(out, "--out")) {
            SpikecoderException e = assertThrows(SpikecoderException.class, () -> RunLock.acquire(out, "--out"));
            assertTrue(e.getMessage().startsWith("--out " + out + " is in use by process "
                    + ProcessHandle.current().pid()), e.getMessage());
        }
        RunLock.acquire(out, "--out").close();
    }

    @Test
    void aLockLeftByAnEndedProcessIsTakenOver() throws IOException {
        Files.writeString(dir.resolve(RunLock.FILE_NAME), "999999999\n"); // no OS lock: its process is gone
        try (RunLock lock = RunLock.acquire(dir, "--out")) {
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(dir.resolve(RunLock.FILE_NAME)));
        }
        assertEquals("", Files.readString(dir.resolve(RunLock.FILE_NAME)), "released: no holder named");
    }

    @Test
    void aFileOrAnUnwritableFolderIsRefusedUpFront() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "x");
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> RunLock.acquire(file, "--out"));
        assertEquals("--out " + file + ": is a file, not a folder", e.getMessage());
        Path under = file.resolve("sub");
        e = assertThrows(SpikecoderException.class, () -> RunLock.acquire(under, "--out"));
        assertTrue(e.getMessage().startsWith("--out " + under + ": cannot create the folder"), e.getMessage());
    }

    @Test
    void aReadOnlyFolderIsRefusedUpFront() throws IOException {
        Path ro = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(ro), "root writes anywhere");
            SpikecoderException e = assertThrows(SpikecoderException.class, () -> RunLock.acquire(ro, "--out"));
            assertEquals("--out " + ro + ": cannot write there: permission denied", e.getMessage());
        } finally {
            Files.setPosixFilePermissions(ro, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void tempFilesOfKilledSavesAreRemoved() throws IOException {
        Path stale = Files.write(dir.resolve(".checkpoint.spk.1f2e3d4c5b6a7988.tmp"), new byte[1000]);
        Path kept = Files.writeString(dir.resolve(".notes.tmp"), "mine");
        Path data = Files.writeString(dir.resolve("checkpoint.spk"), "data");
        RunLock.acquire(dir, "--out").close();
        assertTrue(Files.notExists(stale));
        assertTrue(Files.exists(kept) && Files.exists(data));
    }
}
