package org.spikecoder.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spikecoder verify --quick} on Oclgrind, the simulated device that checks every memory access, data races
 * between work-items, reads of uninitialised values and the OpenCL API use (all three checks on): it runs the GPU
 * shape (VW = 1, work-groups of 64) and must pass every case with no Oclgrind report. A child JVM, because the OpenCL
 * ICD loader reads OCL_ICD_VENDORS once per process. CI installs Oclgrind and fails without it; elsewhere the test is
 * skipped when Oclgrind is not installed. About 1 to 2 minutes on two shared cores, with the load: the kernel cases
 * take about 10 s of it (docs/KERNELS.md, "Under Oclgrind").
 */
class OclgrindVerifyTest {
    private static final List<Path> RUNTIMES = List.of(Path.of("/usr/lib/oclgrind/liboclgrind-rt-icd.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/liboclgrind-rt-icd.so"), Path.of("/usr/local/lib/liboclgrind-rt-icd.so"));

    @TempDir
    Path tmp;

    @Test
    void verifyQuickPassesOnOclgrindWithoutReports() throws Exception {
        Path runtime = RUNTIMES.stream().filter(Files::exists).findFirst().orElse(null);
        if (runtime == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Oclgrind is not installed (apt-get install oclgrind): CI must run the kernels on it");
            }
            Assumptions.abort("Oclgrind is not installed (apt-get install oclgrind)");
        }
        Path vendors = Files.createDirectories(tmp.resolve("vendors"));
        Files.writeString(vendors.resolve("oclgrind.icd"), runtime + "\n");
        Path log = tmp.resolve("verify.txt");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "org.spikecoder.cli.Main", "verify",
                "--quick").redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OCL_ICD_VENDORS", vendors.toString());
        pb.environment().put("OCLGRIND_DATA_RACES", "1");
        pb.environment().put("OCLGRIND_UNINITIALIZED", "1");
        pb.environment().put("OCLGRIND_CHECK_API", "1");
        pb.environment().remove(NativeTestSupport.SKIP_ENV);
        pb.environment().remove("SPIKECODER_DEVICE");
        Process child = pb.start();
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            fail("verify --quick on Oclgrind did not finish in 10 minutes: " + Files.readString(log));
        }
        String out = Files.readString(log);
        assertTrue(out.contains("Oclgrind"), "not run on Oclgrind:\n" + out);
        // Oclgrind's reports: "Invalid read ...", "Read-write data race at ...", "Uninitialized value ...", each
        // followed by "Kernel: name" (the kernel table names kernels in lower case, and trace_update holds "race").
        assertFalse(out.contains("Kernel:") || out.contains("Invalid ") || out.contains("data race")
                || out.contains("ninitiali"),
                "Oclgrind reported problems:\n" + out);
        assertEquals(0, child.exitValue(), out);
        assertTrue(out.contains("PASS") && !out.contains("FAIL"), out);
    }
}
