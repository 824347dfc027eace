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
 * shape (VW = 1, the tiled kernels with the tiles Oclgrind's limits give) and must pass every case with no Oclgrind
 * report; a second run gives the tiles awkward sizes ({@link #AWKWARD_TILES}: several staging rounds per batch,
 * several sample blocks, tiles that overhang rows, columns and samples), the paths where a missing barrier would
 * show. A child JVM, because the OpenCL ICD loader reads OCL_ICD_VENDORS once per process. CI installs Oclgrind and
 * fails without it; elsewhere the test is skipped when Oclgrind is not installed. Each run does the kernel cases
 * (about 10 s) and the batch cases: about 1.5 to 2.5 minutes for the first run and about one for the second on two
 * shared cores (docs/KERNELS.md, "Under Oclgrind").
 */
class OclgrindVerifyTest {
    private static final List<Path> RUNTIMES = List.of(Path.of("/usr/lib/oclgrind/liboclgrind-rt-icd.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/liboclgrind-rt-icd.so"), Path.of("/usr/local/lib/liboclgrind-rt-icd.so"));

    @TempDir
    Path tmp;

    /**
     * GPU-shape tiles that divide none of verify's sizes: gradient work-groups of 8 x 3 work-items with 3 x 3 weights
     * each, rounds of 3 samples (the batches have 5 to 8), two row tiles per work-group; synaptic_input work-groups of
     * 8 rows x 2 lanes of one sample each with 32-column weight tiles; work-groups of 24 for the per-sample row kernels.
     */
    static final String AWKWARD_TILES = "gradCols=8,gradRows=3,gradSamples=3,jb=3,vb=3,sb=3,rb=2,synRows=8,"
            + "synLanes=2,synSamples=1,synCols=32,wgsMat=24";

    @Test
    void verifyQuickPassesOnOclgrindWithoutReports() throws Exception {
        verifyOnOclgrind("verify.txt");
    }

    @Test
    void verifyQuickWithAwkwardTilesPassesOnOclgrindWithoutReports() throws Exception {
        verifyOnOclgrind("verify-awkward.txt", "--tune", AWKWARD_TILES);
    }

    private void verifyOnOclgrind(String logName, String... extra) throws Exception {
        Path runtime = RUNTIMES.stream().filter(Files::exists).findFirst().orElse(null);
        if (runtime == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("Oclgrind is not installed (apt-get install oclgrind): CI must run the kernels on it");
            }
            Assumptions.abort("Oclgrind is not installed (apt-get install oclgrind)");
        }
        Path vendors = Files.createDirectories(tmp.resolve("vendors"));
        Files.writeString(vendors.resolve("oclgrind.icd"), runtime + "\n");
        Path log = tmp.resolve(logName);
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), "org.spikecoder.cli.Main", "verify", "--quick"));
        command.addAll(List.of(extra));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OCL_ICD_VENDORS", vendors.toString());
        pb.environment().put("OCLGRIND_DATA_RACES", "1");
        pb.environment().put("OCLGRIND_UNINITIALIZED", "1");
        pb.environment().put("OCLGRIND_CHECK_API", "1");
        pb.environment().remove(NativeTestSupport.SKIP_ENV);
        pb.environment().remove("SPIKECODER_DEVICE");
        Process child = pb.start();
        if (!child.waitFor(10, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            fail(String.join(" ", command.subList(5, command.size())) + " on Oclgrind did not finish in 10 minutes: "
                    + Files.readString(log));
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
