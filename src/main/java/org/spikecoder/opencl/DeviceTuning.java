package org.spikecoder.opencl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spikecoder.SpikecoderException;

/**
 * Overrides of the launch geometry and weight layout that {@link KernelSizes#of(ClDeviceInfo, DeviceTuning)} and
 * {@link OpenClBackend} would otherwise choose for a device: for benchmarking other geometries ({@code bench --tune}) and for
 * forcing the GPU shape on any device ({@code verify --tune vw=1}). Every component is null where the device's own choice
 * stands; {@link #DEFAULT} overrides nothing. Results do not depend on any of them (every geometry sums in the Java
 * twins' order), only speed and memory do.
 *
 * @param vw                  outputs per work-item of the matrix kernels, 1, 4, 8 or 16 (VW); 1 is the GPU shape,
 *                            wider ones the CPU shape, whatever the device
 * @param wgsMat              work-group size along the vectorised dimension (WGS_MAT)
 * @param jb                  weight rows per work-item of the fused gradient kernels (JB)
 * @param vb                  floatVW vectors (GPU shape: weights) per row and work-item of the gradient kernels (VB)
 * @param sb                  floatVW vectors (GPU shape: outputs) per work-item of synaptic_input_t and
 *                            surrogate_delta (SB)
 * @param rb                  row blocks one gradient work-item (GPU shape: work-group) does in sequence (RB)
 * @param wgsRow              work-group size of the per-sample reductions, a power of two (WGS_ROW)
 * @param gradCols            GPU shape: work-items along the weight row of a gradient work-group (GT_I)
 * @param gradRows            GPU shape: work-items across the rows of a gradient work-group, JB rows each (GT_J)
 * @param gradSamples         GPU shape: samples whose deltas, reset steps and traces a gradient work-group stages in
 *                            local memory at a time (GT_B; at most what fits the local-memory budget)
 * @param synRows             GPU shape: post neurons per synaptic_input work-group (ST_J)
 * @param synLanes            GPU shape: samples a synaptic_input work-group runs side by side (ST_B)
 * @param synSamples          GPU shape: samples per synaptic_input work-item, in registers (ST_S)
 * @param synCols             GPU shape: weight columns per staged synaptic_input tile, a power of two dividing 256
 *                            (ST_C)
 * @param transposed          keep transposed weight copies for synaptic_input_t (default: on CPU devices, within the
 *                            budget)
 * @param transposedBudgetMiB device memory the transposed copies of all layers may take (default 256)
 * @param inputMajor          compute the per-neuron gradient of layers with a transposed copy along their inputs
 *                            (weight_grad_input_major_update), which skips inputs that have not spiked; default: where
 *                            the window has at most 15 steps and, where the training inputs are known
 *                            ({@link #forInputs}), at most {@link #INPUT_MAJOR_MAX_LIT} of them are lit
 */
public record DeviceTuning(Integer vw, Integer wgsMat, Integer jb, Integer vb, Integer sb, Integer rb, Integer wgsRow,
                           Integer gradCols, Integer gradRows, Integer gradSamples, Integer synRows, Integer synLanes,
                           Integer synSamples, Integer synCols, Boolean transposed, Integer transposedBudgetMiB,
                           Boolean inputMajor) {

    /** Nothing overridden: every size as the device's type and limits give it. */
    public static final DeviceTuning DEFAULT = new DeviceTuning(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null);

    /** The keys of {@link #parse}, in the order of the components. */
    public static final List<String> KEYS = List.of("vw", "wgsMat", "jb", "vb", "sb", "rb", "wgsRow", "gradCols",
            "gradRows", "gradSamples", "synRows", "synLanes", "synSamples", "synCols", "transposed",
            "transposedBudgetMiB", "inputMajor");

    private static final List<String> BOOLEAN_KEYS = List.of("transposed", "inputMajor");

    private static final long DEFAULT_TRANSPOSED_BUDGET_MIB = 256;

    public DeviceTuning {
        if (vw != null && vw != 1 && vw != 4 && vw != 8 && vw != 16) {
            throw new SpikecoderException("--tune vw must be 1, 4, 8 or 16, not " + vw);
        }
        if (wgsRow != null && (wgsRow < 1 || Integer.bitCount(wgsRow) != 1)) {
            throw new SpikecoderException("--tune wgsRow must be a power of two, not " + wgsRow);
        }
        if (synCols != null && (synCols < 1 || Integer.bitCount(synCols) != 1 || synCols > KernelSizes.CHUNK)) {
            throw new SpikecoderException("--tune synCols must be a power of two of at most " + KernelSizes.CHUNK
                    + " (it divides the event lists' chunks), not " + synCols);
        }
        Integer[] counts = {wgsMat, jb, vb, sb, rb, gradCols, gradRows, gradSamples, synRows, synLanes, synSamples};
        String[] names = {"wgsMat", "jb", "vb", "sb", "rb", "gradCols", "gradRows", "gradSamples", "synRows",
                "synLanes", "synSamples"};
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] != null && counts[k] < 1) {
                throw new SpikecoderException("--tune " + names[k] + " must be at least 1, not " + counts[k]);
            }
        }
        if (transposedBudgetMiB != null && transposedBudgetMiB < 0) {
            throw new SpikecoderException("--tune transposedBudgetMiB must be at least 0, not " + transposedBudgetMiB);
        }
    }

    /**
     * The overrides given as {@code key=value} pairs ({@code bench --tune vw=1 --tune jb=4}); keys are those of
     * {@link #KEYS}, values integers ({@code transposed} and {@code inputMajor}: true or false).
     *
     * @throws SpikecoderException naming the key or value that is not understood
     */
    public static DeviceTuning parse(Map<String, String> pairs) {
        Object[] v = new Object[KEYS.size()];
        for (Map.Entry<String, String> e : pairs.entrySet()) {
            int k = KEYS.indexOf(e.getKey().trim());
            if (k < 0) {
                throw new SpikecoderException("--tune: unknown key '" + e.getKey() + "'; the keys are "
                        + String.join(", ", KEYS));
            }
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (BOOLEAN_KEYS.contains(KEYS.get(k))) {
                if (!value.equals("true") && !value.equals("false")) {
                    throw new SpikecoderException("--tune " + KEYS.get(k) + " must be true or false, not '" + value
                            + "'");
                }
                v[k] = Boolean.parseBoolean(value);
            } else {
                try {
                    v[k] = Integer.parseInt(value);
                } catch (NumberFormatException x) {
                    throw new SpikecoderException("--tune " + KEYS.get(k) + " must be an integer, not '" + value
                            + "'");
                }
            }
        }
        return new DeviceTuning((Integer) v[0], (Integer) v[1], (Integer) v[2], (Integer) v[3], (Integer) v[4],
                (Integer) v[5], (Integer) v[6], (Integer) v[7], (Integer) v[8], (Integer) v[9], (Integer) v[10],
                (Integer) v[11], (Integer) v[12], (Integer) v[13], (Boolean) v[14], (Integer) v[15], (Boolean) v[16]);
    }

    /** The overridden keys and their values, in the order of {@link #KEYS} (empty for {@link #DEFAULT}). */
    public Map<String, Object> overrides() {
        Object[] v = {vw, wgsMat, jb, vb, sb, rb, wgsRow, gradCols, gradRows, gradSamples, synRows, synLanes,
                synSamples, synCols, transposed, transposedBudgetMiB, inputMajor};
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < v.length; k++) {
            if (v[k] != null) {
                m.put(KEYS.get(k), v[k]);
            }
        }
        return m;
    }

    /**
     * Above this fraction of lit (sample, input) pairs, layer 1's gradient stays row-major by default: the input-major
     * kernel's work grows with the lit pairs, the row-major one's with all of them at a lower cost per term. On an
     * AVX2 EPYC, MNIST (19% lit) trains 1.13x faster along the inputs and Fashion-MNIST (50%) 1.14x faster
     * row-major; on an AVX-512 EPYC, Fashion-MNIST's gradients took the same time either way (docs/RESULTS.md).
     */
    public static final double INPUT_MAJOR_MAX_LIT = 0.35;

    /**
     * These overrides for training on {@code training}: where {@code inputMajor} is not given, it becomes false when
     * more than {@link #INPUT_MAJOR_MAX_LIT} of its (sample, input) pairs are lit
     * ({@link org.spikecoder.engine.SampleSource#litFraction}, counted only then). Either layout gives the same bits;
     * only speed differs.
     */
    public DeviceTuning forInputs(org.spikecoder.engine.SampleSource training) {
        return inputMajor != null ? this : forLitFraction(training.litFraction());
    }

    /** {@link #forInputs} for inputs of which {@code litFraction} of the pairs are lit. */
    DeviceTuning forLitFraction(double litFraction) {
        if (inputMajor != null || litFraction <= INPUT_MAJOR_MAX_LIT) {
            return this;
        }
        return new DeviceTuning(vw, wgsMat, jb, vb, sb, rb, wgsRow, gradCols, gradRows, gradSamples, synRows,
                synLanes, synSamples, synCols, transposed, transposedBudgetMiB, false);
    }

    /** Bytes the transposed weight copies of all layers may take. */
    public long transposedBudgetBytes() {
        return (transposedBudgetMiB == null ? DEFAULT_TRANSPOSED_BUDGET_MIB : transposedBudgetMiB) << 20;
    }

    /** {@code value} when not null, else {@code otherwise}. */
    static int or(Integer value, int otherwise) {
        return value != null ? value : otherwise;
    }
}
