package org.spikecoder.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;
import org.spikecoder.data.DataLocator;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.EvalResult;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.engine.Trainer;
import org.spikecoder.io.RunLock;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.run.RunArtifacts;

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
    private static final Logger LOG = LogManager.getLogger(TrainAeCommand.class);

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
        checkOptions();
        TrainConfig config = snn.resolve();
        try (RunLock lock = RunLock.acquire(out, "--out")) {
            return train(config);
        }
    }

    private Integer train(TrainConfig config) {
        DataLocator data = dataOptions.locator();
        ImageDataset loaded = limits.train(data, dataset);
        ImageDataset train = validation.trainPart(loaded);
        ImageDataset val = validation.validationPart(loaded);
        ImageDataset test = limits.test(data, dataset);
        NetworkSpec net = NetworkSpec.of(train.pixelsPerImage(), hidden, train.pixelsPerImage());
        Map<String, String> settings = validation.validation == 0 ? Map.of()
                : Map.of("validation", String.valueOf(validation.validation));
        TrainingSession session = new TrainingSession(new TrainingSession.Identity("autoencoder", net, config,
                dataset, limits.limitTrain, settings), out, checkpoints, common.interactive());
        RunArtifacts artifacts = new RunArtifacts(out);

        try (Backend backend = backendOptions.create(net, config, Math.max(train.count(), test.count()))) {
            LOG.info("train-ae {} {} on {} ({}) preset {} T={} batch {} lr {} leak {}", dataset, net, backend.name(),
                    backend.deviceName(), snn.preset().cliName(), config.steps(), config.batchSize(),
                    config.learningRate(), config.leak());
            backend.setWeights(session.initialWeights());
            Trainer trainer = new Trainer(backend);
            if (!session.train(trainer, backend, Trainer.images(train))) {
                return 0;
            }
            Map<String, Object> metrics = evaluate(trainer, backend, train, test, config, net, session, artifacts);
            if (val != null) {
                EvalResult v = trainer.evaluate(val, 0, TrainListener.NONE);
                metrics.put("val_mse", v.mse());
                metrics.put("val_spike_mse", v.spikeMse());
                metrics.put("val_pixel_mse", v.pixelMse());
                metrics.put("val_images", val.count());
                spec.commandLine().getOut().printf("val_mse %.4f  ", v.mse());
            }
            artifacts.writeMetrics("metrics.json", metrics);
            artifacts.writeLossCurve(session.loss(), config.batchSize());
            artifacts.writeWeightsNpy(backend.readWeights(), net.sizes());
            spec.commandLine().getOut().printf("test_mse %.4f  test_spike_mse %.4f  test_pixel_mse %.4f  train_mse"
                    + " %.4f  (%.1f s training, %s)%n", metrics.get("test_mse"), metrics.get("test_spike_mse"),
                    metrics.get("test_pixel_mse"), metrics.get("train_mse"), session.trainSeconds(), backend.name());
            spec.commandLine().getOut().println("results in " + out.toAbsolutePath()
                    + " (metrics.json, reconstructions.png, spikes.png, loss.png)");
        }
        return 0;
    }

    private void checkOptions() {
        if (hidden < 1) {
            throw new SpikecoderException("--hidden must be at least 1, got " + hidden);
        }
        limits.check();
    }

    private Map<String, Object> evaluate(Trainer trainer, Backend backend, ImageDataset train, ImageDataset test,
                                         TrainConfig config, NetworkSpec net, TrainingSession session,
                                         RunArtifacts artifacts) {
        long t0 = System.nanoTime();
        EvalResult testResult;
        try (ProgressReporter progress = new ProgressReporter("test", test.count(), 0, common.interactive())) {
            testResult = SpikeArtifacts.evaluateWithHiddenSpikes(trainer, backend, test, 10, progress,
                    artifacts.dir().resolve(SpikeArtifacts.hiddenSpikesFile("test")));
        }
        ImageDataset trainSubset = limits.trainEvalSubset(train);
        EvalResult trainResult;
        try (ProgressReporter progress = new ProgressReporter("train-eval", trainSubset.count(), 0,
                common.interactive())) {
            trainResult = trainer.evaluate(trainSubset, 0, progress);
        }
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        artifacts.writeReconstructions("reconstructions.png", test, testResult);
        SpikeArtifacts.writeRaster(artifacts.dir().resolve(SpikeArtifacts.RASTER_FILE), trainer, backend, test, "test");

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_mse", testResult.mse());
        m.put("test_spike_mse", testResult.spikeMse());
        m.put("test_pixel_mse", testResult.pixelMse());
        m.put("train_mse", trainResult.mse());
        m.put("train_spike_mse", trainResult.spikeMse());
        m.put("train_pixel_mse", trainResult.pixelMse());
        m.put("train_seconds", session.trainSeconds());
        m.put("eval_seconds", evalSeconds);
        m.put("samples_per_second", session.samplesPerSecond());
        m.put("backend", backend.name());
        m.put("device", backend.deviceName());
        m.put("dataset", dataset);
        m.put("network", net.toString());
        m.put("preset", snn.preset().cliName());
        m.put("train_images", train.count());
        m.put("test_images", test.count());
        m.put("train_eval_images", trainSubset.count());
        m.put("samples_seen", session.samplesSeen());
        m.put("peak_memory_bytes", backend.peakMemoryBytes());
        m.put("config", config);
        return m;
    }
}
