package org.spikecoder.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.spikecoder.opencl.DeviceTuning;

import picocli.CommandLine.Option;

/** {@code --tune key=value}: overrides of the OpenCL kernel sizes and weight layout, as one {@link DeviceTuning}. */
public final class TuningOptions {
    @Option(names = "--tune", paramLabel = "KEY=VALUE", split = ",", mapFallbackValue = "",
            description = "Override an OpenCL kernel size or the weight layout (repeatable, or comma-separated): vw=1"
                    + " forces the GPU shape (tiled kernels) on any device, vw=4|8|16 the CPU shape; jb, vb, sb, rb"
                    + " (register and row blocks), wgsMat, wgsRow (work-groups), gradCols, gradRows, gradSamples,"
                    + " synRows, synLanes, synSamples, synCols (the GPU shape's tiles), transposed=true|false,"
                    + " transposedBudgetMiB, inputMajor=true|false (the first layer's gradient along its inputs)."
                    + " Results are the same bits whatever the sizes (docs/KERNELS.md).")
    Map<String, String> pairs = new LinkedHashMap<>();

    /** The overrides given, checked (a bad key or value ends the command with one line naming it). */
    public DeviceTuning tuning() {
        return DeviceTuning.parse(pairs);
    }
}
