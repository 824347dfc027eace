package org.spikecoder.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/** Fails when a kernel in kernels/*.cl has no parity test in {@link KernelParityTest}. Needs no device. */
class KernelCoverageTest {
    @Test
    void everyKernelHasAParityTest() {
        List<String> all = new ArrayList<>();
        for (String f : ClProgram.FILES) {
            all.addAll(ClProgram.kernelNames(f));
        }
        assertTrue(all.size() >= 10, "found only " + all + " in the kernel sources");
        TreeSet<String> untested = new TreeSet<>(all);
        untested.removeAll(KernelParityTest.TESTED);
        assertEquals(new TreeSet<String>(), untested, "kernels without a parity test in KernelParityTest");
        TreeSet<String> stale = new TreeSet<>(KernelParityTest.TESTED);
        stale.removeAll(all);
        assertEquals(new TreeSet<String>(), stale, "KernelParityTest lists kernels that no longer exist");
    }

    @Test
    void everyKernelFileIsLoaded() throws Exception {
        try (var dir = java.nio.file.Files.list(java.nio.file.Path.of("kernels"))) {
            TreeSet<String> onDisk = new TreeSet<>();
            dir.filter(p -> p.toString().endsWith(".cl")).forEach(p -> onDisk.add(p.getFileName().toString()));
            assertEquals(onDisk, new TreeSet<>(ClProgram.FILES), "kernels/ and ClProgram.FILES disagree");
        }
    }
}
