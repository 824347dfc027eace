package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device chosen through SPIKECODER_DEVICE is reported under that name, not as --device; without --backend a run
 * takes OpenCL and names the device in one line (child JVMs: environment, and the log on stderr).
 */
class DeviceChoiceTest {
    @TempDir
    Path tmp;

    @Test
    void anUnknownDeviceFromTheEnvironmentNamesTheVariable() throws Exception {
        Assumptions.assumeFalse("1".equals(System.getenv("SPIKECODER_SKIP_OPENCL")), "OpenCL tests skipped");
        Path data = TestData.mnistFolder(tmp.resolve("data"), 20, 10);
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train-ae", "--backend", "opencl", "--data", data.toString(), "--out", tmp.resolve("o").toString(),
                "--hidden", "4", "--steps", "2", "--no-progress"));
        pb.environment().put("SPIKECODER_DEVICE", "99");
        Path log = tmp.resolve("err.txt");
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(log);
        assertEquals(1, p.exitValue(), err);
        assertTrue(err.contains("error: SPIKECODER_DEVICE '99' matches no OpenCL device"), err);
    }

    @Test
    void autoIsTheDefaultAndNamesTheDevice() throws Exception {
        Assumptions.assumeFalse("1".equals(System.getenv("SPIKECODER_SKIP_OPENCL")), "OpenCL tests skipped");
        Path data = TestData.mnistFolder(tmp.resolve("data"), 20, 10);
        Path out = tmp.resolve("auto");
        ProcessBuilder pb = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                // the command line's own logging (INFO), not the tests' quiet one
                "-Dlog4j2.configurationFile=log4j2.xml", Main.class.getName(),
                "train-ae", "--data", data.toString(), "--out", out.toString(), "--hidden", "4", "--steps", "2",
                "--no-progress"));
        Path log = tmp.resolve("auto.txt");
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String said = Files.readString(log);
        assertEquals(0, p.exitValue(), said);
        assertEquals(1, said.lines().filter(l -> l.contains("backend auto: OpenCL on ")).count(), said);
        assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"backend\": \"opencl\""), said);
    }
}
