package org.spikecoder.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.spikecoder.api.Autoencoder;
import org.spikecoder.api.AutoencoderResult;
import org.spikecoder.api.Dataset;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train-ae}: trains a spiking autoencoder N-H-N on MNIST or Fashion-MNIST and evaluates it. */
@Command(name = "train-ae", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Train a spiking autoencoder on MNIST or Fashion-MNIST and evaluate it.",
                "",
                "Trains input-hidden-input with the paper's membrane-potential loss, then measures MSE and"
                        + " Spike-MSE (and the per-pixel MSE) on the test set and writes metrics.json, checkpoint.spk,"
                        + " reconstructions.png, spikes.png, test_hidden_spikes.npy, loss.csv, loss.png and layerN.npy"
                        + " into --out.",
                "",
                "The paper's MNIST run: train-ae --dataset mnist --hidden 196 --steps 15 --epochs 1",
                ""})
final class TrainAeCommand implements Callable<Integer> {
    @Option(names = "--dataset", defaultValue = "mnist", paramLabel = "mnist|fashion-mnist",
            description = "Training and test images. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--hidden", defaultValue = "196", paramLabel = "H", description = "Hidden neurons. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Mixin
    ImageLimitOptions limits;

    @Mixin
    ImageValidationOptions validation;

    @Option(names = "--out", defaultValue = "runs/train-ae", paramLabel = "DIR",
            description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    CheckpointOptions checkpoints;

    @Mixin
    SnnOptions snn;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.applyLogging();
        Autoencoder.Builder run = Autoencoder.builder().dataset(Dataset.parse(dataset)).hidden(hidden)
                .limitTrain(limits.limitTrain).limitTest(limits.limitTest).trainEval(limits.trainEval)
                .validation(validation.validation).dataLocator(dataOptions.locator())
                .listener(new ProgressListener(common.interactive()));
        snn.applyTo(run);
        backendOptions.applyTo(run);
        checkpoints.applyTo(run);
        AutoencoderResult r = run.build().train(out);
        if (!r.complete()) {
            return 0;
        }
        PrintWriter o = spec.commandLine().getOut();
        if (r.valMse().isPresent()) {
            o.printf("val_mse %.4f  ", r.valMse().getAsDouble());
        }
        o.printf("test_mse %.4f  test_spike_mse %.4f  test_pixel_mse %.4f  train_mse %.4f  (%.1f s training, %s)%n",
                r.testMse(), r.testSpikeMse(), r.testPixelMse(), r.trainMse(), r.trainSeconds(), r.backend());
        o.println("results in " + out.toAbsolutePath() + " (metrics.json, reconstructions.png, spikes.png, loss.png)");
        return 0;
    }
}
