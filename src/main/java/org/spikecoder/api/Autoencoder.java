package org.spikecoder.api;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SettingException;
import org.spikecoder.data.DataLocator;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.data.ImageDatasets;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.EvalResult;
import org.spikecoder.engine.SampleSource;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.engine.ImageSamples;
import org.spikecoder.engine.Trainer;
import org.spikecoder.io.RunLock;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.run.BackendChoice;
import org.spikecoder.run.RunArtifacts;
import org.spikecoder.run.SpikeArtifacts;
import org.spikecoder.run.TrainingSession;

/**
 * A spiking autoencoder run, N-H-N on MNIST or Fashion-MNIST: trains (from seeded initial weights, or from the
 * checkpoint it resumes), evaluates on the test images and a subset of the training images, and writes its folder:
 * {@code metrics.json}, {@code checkpoint.spk}, {@code reconstructions.png}, {@code spikes.png},
 * {@code test_hidden_spikes.npy}, {@code loss.csv}, {@code loss.png} and {@code layerN.npy} (README).
 *
 * <pre>{@code
 * AutoencoderResult r = Autoencoder.builder().dataset(Dataset.MNIST).dataFolder(data).hidden(196)
 *         .preset(Preset.PAPER).backend(BackendKind.AUTO).limitTrain(2000).build().train(out);
 * System.out.println(r.testMse());
 * }</pre>
 */
public final class Autoencoder {
    private static final Logger LOG = LogManager.getLogger(Autoencoder.class);
    /** Output counts kept for reconstructions.png. */
    private static final int PICTURED = 10;

    private final Dataset dataset;
    private final int hidden;
    private final int limitTrain;
    private final int limitTest;
    private final int trainEval;
    private final int validation;
    private final Preset preset;
    private final TrainConfig config;
    private final TrainingSession.Checkpointing checkpointing;
    private final BackendChoice backends;
    private final DataLocator data;
    private final RunListener listener;

    private Autoencoder(Builder b) {
        dataset = b.dataset;
        hidden = b.hidden;
        limitTrain = b.limitTrain;
        limitTest = b.limitTest;
        trainEval = b.trainEval;
        validation = b.validation;
        preset = b.presetValue();
        config = b.config(UnaryOperator.identity());
        checkpointing = b.checkpointing();
        backends = b.backends();
        data = b.locator();
        listener = b.listenerValue();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The training settings this run uses. */
    public TrainConfig config() {
        return config;
    }

    /**
     * Trains, evaluates and writes the results into {@code out}, which this run holds locked meanwhile. Stops early,
     * with a checkpoint to resume, after {@code stopAfter} batches or on a signal ({@code saveOnSignal}).
     *
     * @throws SettingException when {@code out} is in use or holds another run's checkpoint (or, resuming, none or one
     *                          of other settings), and for settings that only the data can check
     */
    public AutoencoderResult train(Path out) {
        RunBuilder.given(out, "out");
        try (RunLock lock = RunLock.acquire(out, "out")) {
            return run(out);
        }
    }

    private AutoencoderResult run(Path out) {
        ImageDataset loaded = ImageDatasets.load(data, dataset.id(), true, limitTrain);
        if (validation >= loaded.count()) {
            throw new SettingException("{validation} must be in 0..%s (it leaves the rest of the %s training images"
                    + " to train on), got %s", loaded.count() - 1, loaded.count(), validation);
        }
        ImageDataset train = validation == 0 ? loaded : loaded.limit(loaded.count() - validation);
        ImageDataset val = validation == 0 ? null : loaded.from(loaded.count() - validation);
        ImageDataset test = ImageDatasets.load(data, dataset.id(), false, limitTest);
        NetworkSpec net = NetworkSpec.of(train.pixelsPerImage(), hidden, train.pixelsPerImage());
        Map<String, String> settings = validation == 0 ? Map.of()
                : Map.of("validation", String.valueOf(validation));
        TrainingSession session = new TrainingSession(new TrainingSession.Identity("autoencoder", net, config,
                dataset.id(), limitTrain, settings), out, checkpointing);
        RunArtifacts artifacts = new RunArtifacts(out);
        Progress progress = new Progress(listener);

        SampleSource trainSamples = ImageSamples.all(train);
        try (Backend backend = backends.create(net, config, Math.max(train.count(), test.count()), trainSamples)) {
            LOG.info("train-ae {} {} on {} ({}) preset {} T={} batch {} lr {} leak {}", dataset.id(), net,
                    backend.name(), backend.deviceName(), preset.id(), config.steps(), config.batchSize(),
                    config.learningRate(), config.leak());
            backend.setWeights(session.initialWeights());
            Trainer trainer = new Trainer(backend);
            if (!session.train(trainer, backend, trainSamples, progress.training())) {
                return AutoencoderResult.stopped(out, session.trainSeconds());
            }
            Map<String, Object> metrics = evaluate(trainer, backend, train, test, net, session, artifacts, progress);
            if (val != null) {
                EvalResult v = trainer.evaluate(val, 0, TrainListener.NONE);
                metrics.put("val_mse", v.mse());
                metrics.put("val_spike_mse", v.spikeMse());
                metrics.put("val_pixel_mse", v.pixelMse());
                metrics.put("val_images", val.count());
            }
            artifacts.writeMetrics("metrics.json", metrics);
            artifacts.writeLossCurve(session.loss(), config.batchSize());
            float[][] weights = backend.readWeights();
            artifacts.writeWeightsNpy(weights, net.sizes());
            return new AutoencoderResult(out, metrics, weights, session.trainSeconds());
        }
    }

    private Map<String, Object> evaluate(Trainer trainer, Backend backend, ImageDataset train, ImageDataset test,
                                         NetworkSpec net, TrainingSession session, RunArtifacts artifacts,
                                         Progress progress) {
        long t0 = System.nanoTime();
        EvalResult testResult;
        try (Progress.Eval p = progress.evaluation(RunListener.Phase.TEST, test.count())) {
            testResult = SpikeArtifacts.evaluateWithHiddenSpikes(trainer, backend, test, PICTURED, p,
                    artifacts.dir().resolve(SpikeArtifacts.hiddenSpikesFile("test")));
        }
        ImageDataset trainSubset = train.limit(trainEval);
        EvalResult trainResult;
        try (Progress.Eval p = progress.evaluation(RunListener.Phase.TRAIN_EVAL, trainSubset.count())) {
            trainResult = trainer.evaluate(trainSubset, 0, p);
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
        m.put("dataset", dataset.id());
        m.put("network", net.toString());
        m.put("preset", preset.id());
        m.put("train_images", train.count());
        m.put("test_images", test.count());
        m.put("train_eval_images", trainSubset.count());
        m.put("samples_seen", session.samplesSeen());
        m.put("peak_memory_bytes", backend.peakMemoryBytes());
        m.put("config", config);
        return m;
    }

    /** The settings of an autoencoder run; {@link #build()} checks them. */
    public static final class Builder extends RunBuilder<Builder> {
        private Dataset dataset = Dataset.MNIST;
        private int hidden = 196;
        private int limitTrain;
        private int limitTest;
        private int trainEval = 10_000;
        private int validation;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** The images to train and test on. Default: {@link Dataset#MNIST}. */
        public Builder dataset(Dataset d) {
            dataset = given(d, "dataset");
            return this;
        }

        /** H, the hidden neurons. Default: 196 (the paper's MNIST network). */
        public Builder hidden(int h) {
            hidden = h;
            return this;
        }

        /** Train on the first N training images only (0: all 60,000). Default: 0. */
        public Builder limitTrain(int n) {
            limitTrain = n;
            return this;
        }

        /** Evaluate on the first N test images only (0: all 10,000). Default: 0. */
        public Builder limitTest(int n) {
            limitTest = n;
            return this;
        }

        /** The training images (the first N trained on) train_mse is measured on (0: all). Default: 10,000. */
        public Builder trainEval(int n) {
            trainEval = n;
            return this;
        }

        /**
         * Hold out the last N of the (limited) training images as a validation split, scored as val_mse; settings
         * are chosen on it, not on the test images. Default: 0.
         */
        public Builder validation(int n) {
            validation = n;
            return this;
        }

        /** @throws SettingException naming the first field out of range */
        public Autoencoder build() {
            if (hidden < 1) {
                throw new SettingException("{hidden} must be at least 1, got %s", hidden);
            }
            nonNegative(limitTrain, "limitTrain");
            nonNegative(limitTest, "limitTest");
            nonNegative(trainEval, "trainEval");
            nonNegative(validation, "validation");
            return new Autoencoder(this);
        }

        private static void nonNegative(int value, String field) {
            if (value < 0) {
                throw new SettingException("{" + field + "} must be 0 or more, got %s", value);
            }
        }
    }
}
