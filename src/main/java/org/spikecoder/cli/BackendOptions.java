package org.spikecoder.cli;

import org.spikecoder.engine.Backend;
import org.spikecoder.run.BackendFactory;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;

import picocli.CommandLine.Option;

/** Where the network runs. */
public final class BackendOptions {
    @Option(names = "--backend", defaultValue = "cpu", paramLabel = "cpu|opencl|auto",
            description = "cpu (the plain-Java reference), opencl, or auto (OpenCL when a device exists, else cpu). Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--device", paramLabel = "DEV",
            description = "OpenCL device by index or name substring (see `spikecoder devices`); default $SPIKECODER_DEVICE, else the first GPU, else the first device.")
    String device;

    /**
     * As {@link #create(NetworkSpec, TrainConfig)} for a backend that never sees more than {@code samples} samples
     * in one batch: its buffers are sized for {@code min(--batch, samples)}. Batches are the same either way (one
     * batch holds the whole set), so results do not change; only memory that would never be used is not asked for.
     */
    public Backend create(NetworkSpec net, TrainConfig config, int samples) {
        int batch = Math.max(1, Math.min(config.batchSize(), samples));
        return create(net, batch == config.batchSize() ? config : config.toBuilder().batchSize(batch).build());
    }

    public Backend create(NetworkSpec net, TrainConfig config) {
        // null lets ClRuntime read SPIKECODER_DEVICE itself, so its errors name the variable rather than --device
        return BackendFactory.create(backend, device, net, config);
    }
}
