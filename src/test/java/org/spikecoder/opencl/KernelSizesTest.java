package org.spikecoder.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.spikecoder.SpikecoderException;

/**
 * The sizes {@link KernelSizes#of(ClDeviceInfo, DeviceTuning)} derives from a device's limits and the overrides of a
 * {@link DeviceTuning}, on described devices (no OpenCL needed): the GPU shape's tiles stay within the work-group and
 * local-memory limits, the CPU shape's defines are those it always had, and a bad override is refused naming it.
 */
class KernelSizesTest {
    /** A device as ClRuntime would describe it (no handles: these tests launch nothing). */
    private static ClDeviceInfo device(String type, long maxWorkGroup, List<Long> items, long local, int width) {
        return new ClDeviceInfo(0, "test", "test " + type, type, "OpenCL 3.0", 80L << 30, 20L << 30, 132, maxWorkGroup,
                true, true, width, local, items, null, null);
    }

    private static final ClDeviceInfo H100_LIKE = device("GPU", 1024, List.of(1024L, 1024L, 64L), 48 << 10, 1);
    private static final ClDeviceInfo SMALL_GPU = device("GPU", 128, List.of(128L, 128L, 128L), 16 << 10, 1);
    private static final ClDeviceInfo POCL_LIKE = device("CPU", 4096, List.of(4096L, 4096L, 4096L), 512 << 10, 8);

    private static DeviceTuning tune(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String p : pairs) {
            m.put(p.substring(0, p.indexOf('=')), p.substring(p.indexOf('=') + 1));
        }
        return DeviceTuning.parse(m);
    }

    /** Every work-group of the GPU shape within the device's limits, and its staging within the local budget. */
    private static void assertFits(KernelSizes s, ClDeviceInfo d) {
        KernelSizes.Tiles t = s.tiles();
        assertTrue((long) t.gradCols() * t.gradRows() <= d.maxWorkGroup(), s.toString());
        assertTrue((long) t.synRows() * t.synLanes() <= d.maxWorkGroup(), s.toString());
        assertTrue(s.wgsMat() <= d.maxWorkGroup(), s.toString());
        assertTrue(s.gradLocalBytes(s.gradSamples()) <= t.localBudget(), s.toString());
        assertTrue(KernelSizes.synLocalBytes(t.synRows(), t.synLanes(), t.synCols()) <= t.localBudget(), s.toString());
        assertTrue(t.localBudget() <= d.localMemory() / 2, s.toString());
        assertEquals(0, KernelSizes.CHUNK % t.synCols(), s.toString());
    }

    @Test
    void aGpuGetsTheTiledShapeWithinItsLimits() {
        for (ClDeviceInfo d : new ClDeviceInfo[] {H100_LIKE, SMALL_GPU}) {
            KernelSizes s = KernelSizes.of(d);
            assertEquals(1, s.vw());
            assertEquals(KernelSizes.GPU_JB, s.jb());
            assertFits(s, d);
            Map<String, String> defines = s.defines();
            for (String k : new String[] {"WGS_MAT", "GT_I", "GT_J", "GT_B", "ST_J", "ST_B", "ST_S", "ST_C"}) {
                assertTrue(defines.containsKey(k), k + " in " + defines);
            }
            assertEquals(Integer.toString(s.gradSamples()), defines.get("GT_B"));
        }
        KernelSizes small = KernelSizes.of(SMALL_GPU);
        assertEquals(128, small.tiles().gradCols() * small.tiles().gradRows());
        assertEquals(32, small.tiles().synCols()); // 32 rows x 65 floats would pass half of 16 KiB
        assertTrue(small.gradSamples() < small.tiles().gradSamples(), small.toString());
    }

    @Test
    void theCpuShapeDefinesWhatItAlwaysDid() {
        KernelSizes s = KernelSizes.of(POCL_LIKE);
        assertEquals(8, s.vw());
        assertEquals(List.of("WGS", "WGS_ROW", "VW", "JB", "VB", "SB", "RB", "GRAD_IDIM", "CHUNK", "CU", "IM_I",
                "IM_J"),
                List.copyOf(s.defines().keySet()));
        assertEquals("1", s.defines().get("GRAD_IDIM"));
    }

    /**
     * A network with a big layer blocks its gradient rows (RB) on CPU devices and, at VW = 8, takes 12 vectors per
     * gradient row; a small network, a GPU and explicit overrides keep their sizes.
     */
    @Test
    void aBigNetworkGetsItsOwnGradientTilesOnCpus() {
        org.spikecoder.model.NetworkSpec audiocoder = org.spikecoder.model.NetworkSpec.of(58500, 2048, 196);
        org.spikecoder.model.NetworkSpec mnist = org.spikecoder.model.NetworkSpec.of(784, 196, 784);
        KernelSizes avx2 = KernelSizes.of(POCL_LIKE);
        KernelSizes big = avx2.forNetwork(audiocoder);
        assertEquals(KernelSizes.BIG_LAYER_RB, big.rb());
        assertEquals(KernelSizes.BIG_NETWORK_VB_AVX2, big.vb());
        assertEquals("12", big.defines().get("VB"));
        assertEquals(avx2, avx2.forNetwork(mnist));
        KernelSizes avx512 = avx2.withVectorWidth(16).forNetwork(audiocoder);
        assertEquals(KernelSizes.CPU_VB, avx512.vb());
        assertEquals(KernelSizes.BIG_LAYER_RB, avx512.rb());
        KernelSizes gpu = KernelSizes.of(H100_LIKE);
        assertEquals(gpu, gpu.forNetwork(audiocoder));
        DeviceTuning tuned = tune("vb=13", "rb=1");
        KernelSizes kept = KernelSizes.of(POCL_LIKE, tuned).forNetwork(audiocoder, tuned);
        assertEquals(13, kept.vb());
        assertEquals(1, kept.rb());
    }

    @Test
    void vwPicksTheShapeOnAnyDevice() {
        KernelSizes gpuOnCpu = KernelSizes.of(POCL_LIKE, tune("vw=1"));
        assertEquals(KernelSizes.of(POCL_LIKE).withVectorWidth(1), gpuOnCpu);
        assertEquals(64, gpuOnCpu.wgsRow());
        KernelSizes cpuOnGpu = KernelSizes.of(H100_LIKE, tune("vw=4"));
        assertEquals(4, cpuOnGpu.vw());
        assertEquals(KernelSizes.CPU_VB, cpuOnGpu.vb());
        assertEquals(1, cpuOnGpu.wgsMat());
    }

    @Test
    void overridesReachTheSizesAndTheirDefines() {
        KernelSizes s = KernelSizes.of(H100_LIKE, tune("jb=3", "vb=2", "gradCols=32", "gradRows=8", "gradSamples=5",
                "synRows=16", "synLanes=4", "synSamples=2", "synCols=256", "wgsMat=128"));
        assertEquals(3, s.jb());
        assertEquals(2, s.vb());
        assertEquals(new KernelSizes.Tiles(32, 8, 5, 16, 4, 2, 256, 24 << 10), s.tiles());
        assertEquals(5, s.gradSamples());
        assertEquals("128", s.defines().get("WGS_MAT"));
        assertEquals("256", s.defines().get("ST_C"));
    }

    @Test
    void overridesPastTheDeviceLimitsAreRefused() {
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> KernelSizes.of(SMALL_GPU, tune("gradCols=64", "gradRows=4")));
        assertTrue(e.getMessage().contains("gradCols x gradRows") && e.getMessage().contains("CL_DEVICE_MAX_WORK_GROUP_SIZE"),
                e.getMessage());
        e = assertThrows(SpikecoderException.class, () -> KernelSizes.of(SMALL_GPU, tune("synRows=64", "synLanes=1",
                "synCols=256")));
        assertTrue(e.getMessage().contains("CL_DEVICE_LOCAL_MEM_SIZE"), e.getMessage());
    }

    @Test
    void tuningParsesItsKeysAndNamesWhatItRefuses() {
        DeviceTuning t = tune("vw=1", "transposed=false", "transposedBudgetMiB=64");
        assertEquals(1, t.vw());
        assertEquals(Boolean.FALSE, t.transposed());
        assertEquals(64L << 20, t.transposedBudgetBytes());
        assertNull(t.jb());
        assertEquals(Map.of("vw", 1, "transposed", false, "transposedBudgetMiB", 64), t.overrides());
        assertTrue(DeviceTuning.DEFAULT.overrides().isEmpty());
        assertEquals(256L << 20, DeviceTuning.DEFAULT.transposedBudgetBytes());
        String[][] bad = {{"vw=3", "vw must be 1, 4, 8 or 16"}, {"wgsRow=48", "wgsRow must be a power of two"},
                {"jb=0", "jb must be at least 1"}, {"synCols=1024", "synCols must be a power of two"},
                {"gradSamples=x", "gradSamples must be an integer"}, {"transposed=yes", "true or false"},
                {"tile=4", "unknown key 'tile'"}};
        for (String[] b : bad) {
            SpikecoderException e = assertThrows(SpikecoderException.class, () -> tune(b[0]), b[0]);
            assertTrue(e.getMessage().contains(b[1]), e.getMessage());
        }
        assertFalse(DeviceTuning.KEYS.contains("tile"));
    }

    /** Layer 1's gradient layout follows the training inputs' lit fraction, only where --tune does not fix it. */
    @Test
    void rowMajorForMostlyLitInputsUnlessTuned() {
        assertNull(DeviceTuning.DEFAULT.forLitFraction(0.19).inputMajor());
        assertNull(DeviceTuning.DEFAULT.forLitFraction(DeviceTuning.INPUT_MAJOR_MAX_LIT).inputMajor());
        assertEquals(Boolean.FALSE, DeviceTuning.DEFAULT.forLitFraction(0.5).inputMajor());
        assertEquals(Boolean.TRUE, tune("inputMajor=true").forLitFraction(0.5).inputMajor());
        DeviceTuning other = tune("vw=4", "rb=3").forLitFraction(0.9);
        assertEquals(4, other.vw());
        assertEquals(3, other.rb());
        assertEquals(Boolean.FALSE, other.inputMajor());
    }
}
