package org.spikecoder.engine;

import org.spikecoder.SpikecoderException;
import org.spikecoder.cpu.CpuBackend;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;

/** Creates the backend named by {@code --backend} ("cpu", "opencl" or "auto"). */
public final class BackendFactory {
    private BackendFactory() {
    }

    /**
     * @param kind   "cpu", "opencl" or "auto"
     * @param device OpenCL device by index or name substring, or null for the default
     */
    public static Backend create(String kind, String device, NetworkSpec net, TrainConfig config) {
        return switch (kind) {
            case "cpu" -> new CpuBackend(net, config);
            case "opencl", "auto" -> throw new SpikecoderException("--backend " + kind + ": the OpenCL backend is not built yet");
            default -> throw new SpikecoderException("--backend must be cpu, opencl or auto, got '" + kind + "'");
        };
    }
}
