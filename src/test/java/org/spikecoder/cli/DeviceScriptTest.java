package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a bundle made by {@code bench/device.sh --bundle} finds the OpenCL drivers ({@code --find-icds}, the function
 * the bundle runs first), on fake folders: SPIKECODER_ICD_REGISTRY stands for /etc/OpenCL/vendors and
 * SPIKECODER_ICD_SEARCH for the library folders, which hold empty files named as the vendors' libraries.
 */
class DeviceScriptTest {
    private static final Path SCRIPT = Path.of("bench", "device.sh");

    @TempDir
    Path tmp;
    private Path registry;
    private Path search;
    private Path vendors;

    @BeforeEach
    void folders() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        registry = Files.createDirectories(tmp.resolve("registry"));
        search = Files.createDirectories(tmp.resolve("lib"));
        vendors = tmp.resolve("vendors");
    }

    @Test
    void writesAnIcdFileForAnUnregisteredVendorLibrary() throws Exception {
        Path nvidia = Files.createFile(search.resolve("libnvidia-opencl.so.1"));
        Result r = findIcds(Map.of());
        assertEquals(0, r.exit, r.out);
        assertEquals(nvidia + "\n", Files.readString(vendors.resolve("nvidia-opencl.icd")));
        assertTrue(r.out.startsWith("OpenCL ICDs: wrote in " + vendors + ": nvidia-opencl.icd -> " + nvidia), r.out);
        assertEquals(1, r.out.strip().lines().count(), r.out);
    }

    @Test
    void keepsTheRegisteredFilesBesideTheWrittenOnes() throws Exception {
        Files.writeString(registry.resolve("pocl.icd"), "libpocl.so.2.10.0\n");
        Files.createFile(search.resolve("libpocl.so.2"));
        Path nvidia = Files.createFile(search.resolve("libnvidia-opencl.so.1"));
        Result r = findIcds(Map.of());
        assertEquals(0, r.exit, r.out);
        assertEquals("libpocl.so.2.10.0\n", Files.readString(vendors.resolve("pocl.icd")));
        assertEquals(nvidia + "\n", Files.readString(vendors.resolve("nvidia-opencl.icd")));
        assertTrue(r.out.contains("also registered in " + registry + ": libpocl.so.2.10.0"), r.out);
    }

    @Test
    void usesTheRegistryWhenItNamesEveryLibraryFound() throws Exception {
        Files.writeString(registry.resolve("pocl.icd"), "libpocl.so.2.10.0\n");
        Files.createFile(search.resolve("libpocl.so.2"));
        Result r = findIcds(Map.of());
        assertEquals(0, r.exit, r.out);
        assertEquals("OpenCL ICDs: registered in " + registry + ": libpocl.so.2.10.0", r.out.strip());
        assertFalse(Files.exists(vendors), "nothing to write");
    }

    @Test
    void failsWithOneLineWhenNoDriverIsFound() throws Exception {
        Result r = findIcds(Map.of());
        assertEquals(1, r.exit, r.out);
        assertTrue(r.out.startsWith("error: no OpenCL driver found: no .icd file in " + registry), r.out);
        assertEquals(1, r.out.strip().lines().count(), r.out);
    }

    @Test
    void leavesAGivenOclIcdVendorsAlone() throws Exception {
        Files.createFile(search.resolve("libpocl.so.2"));
        Result r = findIcds(Map.of("OCL_ICD_VENDORS", "/somewhere/oclgrind.icd"));
        assertEquals(0, r.exit, r.out);
        assertEquals("OpenCL ICDs: OCL_ICD_VENDORS=/somewhere/oclgrind.icd, as given", r.out.strip());
    }

    private record Result(int exit, String out) {
    }

    private Result findIcds(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", SCRIPT.toString(), "--find-icds", vendors.toString())
                .redirectErrorStream(true);
        pb.environment().remove("OCL_ICD_VENDORS");
        pb.environment().put("SPIKECODER_ICD_REGISTRY", registry.toString());
        pb.environment().put("SPIKECODER_ICD_SEARCH", search.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bench/device.sh --find-icds did not finish");
        return new Result(p.exitValue(), out);
    }
}
