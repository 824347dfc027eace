package org.spikecoder.run;

import java.util.List;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SettingException;
import org.spikecoder.SpikecoderException;
import org.spikecoder.cpu.CpuBackend;
import org.spikecoder.engine.Backend;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.opencl.ClDeviceInfo;
import org.spikecoder.opencl.ClRuntime;
import org.spikecoder.opencl.DeviceTuning;
import org.spikecoder.opencl.OpenClBackend;

/** Creates the backend of a kind: "cpu", "opencl" or "auto". */
public final class BackendFactory {
    private static final Logger LOG = LogManager.getLogger(BackendFactory.class);

    private BackendFactory() {
    }

    /**
     * @param kind   "cpu", "opencl" or "auto" (OpenCL when a device exists, else the CPU reference with a warning)
     * @param device OpenCL device by index or name substring, or null for {@code SPIKECODER_DEVICE} or the default
     */
    public static Backend create(String kind, String device, NetworkSpec net, TrainConfig config) {
        return create(kind, device, net, config, false);
    }

    /** As {@link #create(String, String, NetworkSpec, TrainConfig)}; {@code profiling} records kernel times. */
    public static Backend create(String kind, String device, NetworkSpec net, TrainConfig config, boolean profiling) {
        return create(kind, device, net, config, profiling, DeviceTuning.DEFAULT);
    }

    /** As {@link #create(String, String, NetworkSpec, TrainConfig, boolean)}; {@code tuning} reaches the OpenCL backend. */
    public static Backend create(String kind, String device, NetworkSpec net, TrainConfig config, boolean profiling,
                                 DeviceTuning tuning) {
        return switch (kind) {
            case "cpu" -> new CpuBackend(net, config);
            case "opencl" -> new OpenClBackend(net, config, device, profiling, tuning);
            case "auto" -> {
                List<ClDeviceInfo> found;
                try {
                    found = ClRuntime.devices();
                } catch (SpikecoderException e) {
                    LOG.warn("backend auto: {}; using the CPU backend", e.getMessage());
                    yield new CpuBackend(net, config);
                }
                if (found.isEmpty()) {
                    LOG.warn("backend auto: no OpenCL device found; using the CPU backend");
                    yield new CpuBackend(net, config);
                }
                yield new OpenClBackend(net, config, device, profiling, tuning);
            }
            default -> throw new SettingException("{backend} must be cpu, opencl or auto, got '%s'", kind);
        };
    }
}
