package org.spikecoder.cli;

import org.spikecoder.api.BackendKind;
import org.spikecoder.api.Device;
import org.spikecoder.api.BackendBuilder;
import org.spikecoder.engine.Backend;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.run.BackendChoice;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the network runs. */
public final class BackendOptions {
    @Option(names = "--backend", defaultValue = "auto", paramLabel = "auto|cpu|opencl",
            description = "auto (OpenCL when a device exists, naming it in one log line; else cpu), cpu (the"
                    + " plain-Java reference) or opencl. Default: ${DEFAULT-VALUE}.")
    String backend;

    @Option(names = "--device", paramLabel = "DEV",
            description = "OpenCL device by index or name substring (see `spikecoder devices`); default $SPIKECODER_DEVICE, else the first GPU, else the first device.")
    String device;

    @Mixin
    TuningOptions tune;

    /** The backend and device on a run's (or an evaluation's, a synthesis') builder. */
    <B extends BackendBuilder<B>> B applyTo(B run) {
        // null device: ClRuntime reads SPIKECODER_DEVICE itself, so its errors name the variable rather than --device
        return run.backend(BackendKind.parse(backend)).device(Device.parse(device)).tuning(tune.tuning());
    }

    /** As {@link BackendChoice#create(NetworkSpec, TrainConfig, int)}, for the commands that are not runs. */
    public Backend create(NetworkSpec net, TrainConfig config, int samples) {
        return choice().create(net, config, samples);
    }

    public Backend create(NetworkSpec net, TrainConfig config) {
        return choice().create(net, config);
    }

    private BackendChoice choice() {
        return new BackendChoice(BackendKind.parse(backend).id(), device, tune.tuning());
    }
}
