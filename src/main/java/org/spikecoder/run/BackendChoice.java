package org.spikecoder.run;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.SampleSource;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.opencl.DeviceTuning;

/**
 * Where a run's networks live: a backend kind for {@link BackendFactory} and an OpenCL device. One choice serves every
 * backend of a run (an audiocoder run opens three), and says once which device "auto" found.
 */
public final class BackendChoice {
    private static final Logger LOG = LogManager.getLogger(BackendChoice.class);

    private final String kind;
    private final String device;
    private final DeviceTuning tuning;
    private boolean told;

    /**
     * @param kind   "cpu", "opencl" or "auto"
     * @param device OpenCL device by index or name substring, or null for {@code SPIKECODER_DEVICE} or the default
     * @param tuning overrides of the OpenCL kernel sizes and weight layout ({@link DeviceTuning#DEFAULT}: none)
     */
    public BackendChoice(String kind, String device, DeviceTuning tuning) {
        this.kind = kind;
        this.device = device;
        this.tuning = tuning;
    }

    public String kind() {
        return kind;
    }

    public Backend create(NetworkSpec net, TrainConfig config) {
        return create(net, config, tuning);
    }

    private Backend create(NetworkSpec net, TrainConfig config, DeviceTuning layout) {
        Backend b = BackendFactory.create(kind, device, net, config, false, layout);
        if ("auto".equals(kind) && !told) {
            told = true;
            if ("opencl".equals(b.name())) {
                LOG.info("backend auto: OpenCL on {}; backend cpu runs the Java reference instead", b.deviceName());
            }
        }
        return b;
    }

    /**
     * As {@link #create(NetworkSpec, TrainConfig)} for a backend that never sees more than {@code samples} samples
     * in one batch: its buffers are sized for {@code min(batchSize, samples)}. Batches are the same either way (one
     * batch holds the whole set), so results do not change; only memory that would never be used is not asked for.
     */
    public Backend create(NetworkSpec net, TrainConfig config, int samples) {
        return create(net, smallBatch(config, samples), tuning);
    }

    /**
     * As {@link #create(NetworkSpec, TrainConfig, int)} for a network that trains on {@code training}: the OpenCL
     * backend picks layer 1's gradient layout from how many of its inputs are lit ({@link DeviceTuning#forInputs})
     * where the tuning does not fix it. Results are the same bits either way.
     */
    public Backend create(NetworkSpec net, TrainConfig config, int samples, SampleSource training) {
        DeviceTuning layout = tuning.forInputs(training);
        if (layout != tuning) {
            LOG.debug("layer 1's gradient row-major: more than {} of the training inputs are lit",
                    DeviceTuning.INPUT_MAJOR_MAX_LIT);
        }
        return create(net, smallBatch(config, samples), layout);
    }

    private static TrainConfig smallBatch(TrainConfig config, int samples) {
        int batch = Math.max(1, Math.min(config.batchSize(), samples));
        return batch == config.batchSize() ? config : config.toBuilder().batchSize(batch).build();
    }
}
