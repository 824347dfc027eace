package org.spikecoder.cli;

import org.spikecoder.engine.Backend;
import org.spikecoder.engine.BackendFactory;
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

    public Backend create(NetworkSpec net, TrainConfig config) {
        // null lets ClRuntime read SPIKECODER_DEVICE itself, so its errors name the variable rather than --device
        return BackendFactory.create(backend, device, net, config);
    }
}
