package org.spikecoder.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;
import org.spikecoder.data.DataLocator;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.data.ImageDatasets;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.EvalResult;
import org.spikecoder.engine.Trainer;
import org.spikecoder.engine.WeightInit;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.RunArtifacts;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train-ae}: trains a spiking autoencoder N-H-N on MNIST or Fashion-MNIST and evaluates it. */
@Command(name = "train-ae", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Train a spiking autoencoder on MNIST or Fashion-MNIST and evaluate it.",
                "",
                "Trains input-hidden-input with the paper's membrane-potential loss, then measures MSE and"
                        + " Spike-MSE on the test set and writes metrics.json, checkpoint.spk, reconstructions.png,"
                        + " loss.csv, loss.png and layerN.npy into --out.",
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

    @Option(names = "--limit-train", defaultValue = "0", paramLabel = "N",
            description = "Train on the first N training images only (0: all 60,000).")
    int limitTrain;

    @Option(names = "--limit-test", defaultValue = "0", paramLabel = "N",
            description = "Evaluate on the first N test images only (0: all 10,000).")
    int limitTest;

    @Option(names = "--train-eval", defaultValue = "10000", paramLabel = "N",
            description = "Training images (the first N used in training) on which train_mse is measured (0: all). Default: ${DEFAULT-VALUE}.")
    int trainEval;

    @Option(names = "--out", defaultValue = "runs/train-ae", paramLabel = "DIR",
            description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--resume", description = "Continue the run whose checkpoint is in --out (same options).")
    boolean resume;

    @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "BATCHES",
            description = "Save a checkpoint every this many batches (and at the end of every epoch). Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--stop-after", defaultValue = "0", paramLabel = "BATCHES",
            description = "Train at most this many batches in this invocation, save a checkpoint and stop (0: no limit); continue later with --resume.")
    int stopAfter;

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
        DataLocator data = dataOptions.locator();
        ImageDataset train = ImageDatasets.load(data, dataset, true, limitTrain);
        ImageDataset test = ImageDatasets.load(data, dataset, false, limitTest);
        NetworkSpec net = NetworkSpec.of(train.pixelsPerImage(), hidden, train.pixelsPerImage());
        Path ckptFile = out.resolve(Checkpoint.FILE_NAME);
        Checkpoint start = startingPoint(ckptFile, net, config);
        RunArtifacts artifacts = new RunArtifacts(out);

        try (Backend backend = backendOptions.create(net, config)) {
            LOG.info("train-ae {} {} on {} ({}) preset {} T={} batch {} lr {} leak {}", dataset, net, backend.name(),
                    backend.deviceName(), snn.preset().cliName(), config.steps(), config.batchSize(),
                    config.learningRate(), config.leak());
            backend.setWeights(start != null ? start.weights() : WeightInit.initialise(net, config));
            Trainer trainer = new Trainer(backend);
            TrainingState state = new TrainingState(start);
            boolean finished = train(trainer, backend, train, config, net, ckptFile, state);
            if (!finished) {
                LOG.info("stopped after {} batches as asked; checkpoint in {} (continue with --resume)", stopAfter,
                        ckptFile);
                return 0;
            }
            Map<String, Object> metrics = evaluate(trainer, backend, train, test, config, net, state, artifacts);
            artifacts.writeMetrics("metrics.json", metrics);
            artifacts.writeLossCurve(state.lossArray(), config.batchSize());
            artifacts.writeWeightsNpy(backend.readWeights(), net.sizes());
            spec.commandLine().getOut().printf("test_mse %.4f  test_spike_mse %.4f  train_mse %.4f  (%.1f s training, %s)%n",
                    metrics.get("test_mse"), metrics.get("test_spike_mse"), metrics.get("train_mse"),
                    state.trainSeconds, backend.name());
            spec.commandLine().getOut().println("results in " + out.toAbsolutePath() + " (metrics.json, reconstructions.png, loss.png)");
        }
        return 0;
    }

    private void checkOptions() {
        if (hidden < 1) {
            throw new SpikecoderException("--hidden must be at least 1, got " + hidden);
        }
        if (limitTrain < 0 || limitTest < 0 || trainEval < 0) {
            throw new SpikecoderException("--limit-train, --limit-test and --train-eval must be 0 or more");
        }
        if (checkpointEvery < 1) {
            throw new SpikecoderException("--checkpoint-every must be at least 1, got " + checkpointEvery);
        }
        if (stopAfter < 0) {
            throw new SpikecoderException("--stop-after must be 0 or more, got " + stopAfter);
        }
    }

    /** The checkpoint to resume from, or null for a fresh run; refuses to overwrite another run's checkpoint. */
    private Checkpoint startingPoint(Path ckptFile, NetworkSpec net, TrainConfig config) {
        if (!resume) {
            if (Files.exists(ckptFile)) {
                throw new SpikecoderException(ckptFile + " already exists: pass --resume to continue that run, or"
                        + " choose another --out");
            }
            return null;
        }
        if (!Files.exists(ckptFile)) {
            throw new SpikecoderException("--resume: no checkpoint at " + ckptFile);
        }
        Checkpoint c = Checkpoint.read(ckptFile);
        List<String> diffs = new ArrayList<>();
        if (!"autoencoder".equals(c.kind())) {
            diffs.add("kind " + c.kind());
        }
        if (!c.network().equals(net)) {
            diffs.add("network " + c.network() + " vs " + net);
        }
        if (!dataset.equals(c.dataset())) {
            diffs.add("--dataset " + c.dataset() + " vs " + dataset);
        }
        if (c.limitTrain() != limitTrain) {
            diffs.add("--limit-train " + c.limitTrain() + " vs " + limitTrain);
        }
        // Epochs may grow on resume; every other training option must match or the result would be neither run.
        TrainConfig saved = c.config().toBuilder().epochs(config.epochs()).build();
        if (!saved.equals(config)) {
            diffs.add("training options " + ConfigDiff.describe(saved, config));
        }
        if (!diffs.isEmpty()) {
            throw new SpikecoderException(ckptFile + " does not match this command (" + String.join("; ", diffs)
                    + "): rerun with the original options or choose another --out");
        }
        LOG.info("resuming {} at epoch {} batch {}", ckptFile, c.epoch() + 1, c.nextBatch() + 1);
        return c;
    }

    private boolean train(Trainer trainer, Backend backend, ImageDataset train, TrainConfig config, NetworkSpec net,
                          Path ckptFile, TrainingState state) {
        int batches = trainer.batchesPerEpoch(train.count());
        long total = (long) config.epochs() * train.count();
        long done = Math.min(total, (long) state.epoch * train.count() + (long) state.nextBatch * config.batchSize());
        int[] ranThisCall = {0};
        try (ProgressReporter progress = new ProgressReporter("train", total, done, common.interactive())) {
            while (state.epoch < config.epochs()) {
                if (stopAfter > 0 && ranThisCall[0] >= stopAfter) {
                    return false;
                }
                long t0 = System.nanoTime();
                long[] lastSave = {t0};
                int epoch = state.epoch;
                Trainer.BatchHook hook = (e, doneBatches, all) -> {
                    ranThisCall[0]++;
                    boolean stop = stopAfter > 0 && ranThisCall[0] >= stopAfter;
                    if (stop || doneBatches % checkpointEvery == 0) {
                        long now = System.nanoTime();
                        state.trainSeconds += (now - lastSave[0]) / 1e9;
                        lastSave[0] = now;
                        state.nextBatch = doneBatches;
                        save(ckptFile, backend, config, net, state);
                    }
                    return stop;
                };
                TrainListenerAdapter listener = new TrainListenerAdapter(progress, state);
                int next = trainer.trainEpoch(train, epoch, state.nextBatch, listener, hook);
                state.trainSeconds += (System.nanoTime() - lastSave[0]) / 1e9;
                if (next < batches) {
                    state.nextBatch = next;
                    return false;
                }
                state.epoch++;
                state.nextBatch = 0;
                save(ckptFile, backend, config, net, state);
            }
        }
        return true;
    }

    private void save(Path file, Backend backend, TrainConfig config, NetworkSpec net, TrainingState s) {
        new Checkpoint("autoencoder", net, config, dataset, limitTrain, s.epoch, s.nextBatch, s.trainSeconds,
                s.samplesSeen, s.lossArray(), backend.readWeights()).write(file);
    }

    private Map<String, Object> evaluate(Trainer trainer, Backend backend, ImageDataset train, ImageDataset test,
                                         TrainConfig config, NetworkSpec net, TrainingState state,
                                         RunArtifacts artifacts) {
        long t0 = System.nanoTime();
        EvalResult testResult;
        try (ProgressReporter progress = new ProgressReporter("test", test.count(), 0, common.interactive())) {
            testResult = trainer.evaluate(test, 10, progress);
        }
        ImageDataset trainSubset = train.limit(trainEval);
        EvalResult trainResult;
        try (ProgressReporter progress = new ProgressReporter("train-eval", trainSubset.count(), 0,
                common.interactive())) {
            trainResult = trainer.evaluate(trainSubset, 0, progress);
        }
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        artifacts.writeReconstructions("reconstructions.png", test, testResult);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_mse", testResult.mse());
        m.put("test_spike_mse", testResult.spikeMse());
        m.put("train_mse", trainResult.mse());
        m.put("train_spike_mse", trainResult.spikeMse());
        m.put("train_seconds", state.trainSeconds);
        m.put("eval_seconds", evalSeconds);
        m.put("samples_per_second", state.trainSeconds > 0 ? state.samplesSeen / state.trainSeconds : 0);
        m.put("backend", backend.name());
        m.put("device", backend.deviceName());
        m.put("dataset", dataset);
        m.put("network", net.toString());
        m.put("preset", snn.preset().cliName());
        m.put("train_images", train.count());
        m.put("test_images", test.count());
        m.put("train_eval_images", trainSubset.count());
        m.put("samples_seen", state.samplesSeen);
        m.put("peak_memory_bytes", backend.peakMemoryBytes());
        m.put("config", config);
        return m;
    }

    /** Progress of a run, restored from a checkpoint on --resume. */
    private static final class TrainingState {
        int epoch;
        int nextBatch;
        double trainSeconds;
        long samplesSeen;
        final List<Double> loss = new ArrayList<>();

        TrainingState(Checkpoint c) {
            if (c != null) {
                epoch = c.epoch();
                nextBatch = c.nextBatch();
                trainSeconds = c.trainSeconds();
                samplesSeen = c.samplesSeen();
                Arrays.stream(c.loss()).forEach(loss::add);
            }
        }

        double[] lossArray() {
            return loss.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    /** Records each batch's loss in the run state and forwards it to the progress display. */
    private record TrainListenerAdapter(ProgressReporter progress, TrainingState state)
            implements org.spikecoder.engine.TrainListener {
        @Override
        public void batchDone(int epoch, int batchIndex, int batches, int samples, double loss) {
            state.loss.add(loss);
            state.samplesSeen += samples;
            progress.batchDone(epoch, batchIndex, batches, samples, loss);
        }
    }
}
