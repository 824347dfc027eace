package org.spikecoder.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.SampleSource;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.engine.Trainer;
import org.spikecoder.engine.WeightInit;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.FiniteWeights;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;

/**
 * The epochs of one training command with checkpoints: starts fresh or from a validated checkpoint (--resume),
 * saves every --checkpoint-every batches and at every epoch end (keeping the previous checkpoint as
 * checkpoint.prev.spk), stops early on --stop-after or on Ctrl-C / SIGTERM after saving. Never overwrites another
 * run's checkpoint, and never saves non-finite weights: divergence stops the run with an error instead.
 */
final class TrainingSession {
    private static final Logger LOG = LogManager.getLogger(TrainingSession.class);

    private final Identity id;
    private final Path file;
    private final CheckpointOptions options;
    private final boolean interactive;
    private final Checkpoint start;

    private int epoch;
    private int nextBatch;
    private double trainSeconds;
    private long samplesSeen;
    private final List<Double> loss = new ArrayList<>();
    /** Where the last checkpoint of this run stands, for the divergence message; null before the first save. */
    private String savedAt;

    /** What must match between a checkpoint and the command that resumes it. */
    record Identity(String kind, NetworkSpec network, TrainConfig config, String dataset, int limitTrain,
                    Map<String, String> meta) {
    }

    TrainingSession(Identity id, Path out, CheckpointOptions options, boolean interactive) {
        this.id = id;
        this.file = out.resolve(Checkpoint.FILE_NAME);
        this.options = options;
        this.interactive = interactive;
        options.check();
        this.start = startingPoint();
        if (start != null) {
            epoch = start.epoch();
            nextBatch = start.nextBatch();
            trainSeconds = start.trainSeconds();
            samplesSeen = start.samplesSeen();
            savedAt = position();
            Arrays.stream(start.loss()).forEach(loss::add);
        }
    }

    /** The checkpoint to resume from, or null for a fresh run; refuses to overwrite another run's checkpoint. */
    private Checkpoint startingPoint() {
        if (!options.resume) {
            if (Files.exists(file)) {
                throw new SpikecoderException(file + " already exists: pass --resume to continue that run, or"
                        + " choose another --out");
            }
            return null;
        }
        if (!Files.exists(file)) {
            throw new SpikecoderException("--resume: no checkpoint at " + file);
        }
        Checkpoint c = Checkpoint.read(file);
        List<String> diffs = new ArrayList<>();
        if (!id.kind().equals(c.kind())) {
            diffs.add("kind " + c.kind() + " vs " + id.kind());
        }
        if (!c.network().equals(id.network())) {
            diffs.add("network " + c.network() + " vs " + id.network());
        }
        if (!Objects.equals(id.dataset(), c.dataset())) {
            diffs.add("data set " + c.dataset() + " vs " + id.dataset());
        }
        if (c.limitTrain() != id.limitTrain()) {
            diffs.add("--limit-train " + c.limitTrain() + " vs " + id.limitTrain());
        }
        if (!Objects.equals(String.valueOf(c.meta()), String.valueOf(id.meta()))) {
            diffs.add("settings " + c.meta() + " vs " + id.meta());
        }
        // Epochs may grow on resume; every other training option must match or the result would be neither run.
        TrainConfig saved = c.config().toBuilder().epochs(id.config().epochs()).build();
        if (!saved.equals(id.config())) {
            diffs.add("training options " + ConfigDiff.describe(saved, id.config()));
        }
        if (!diffs.isEmpty()) {
            throw new SpikecoderException(file + " does not match this command (" + String.join("; ", diffs)
                    + "): rerun with the original options or choose another --out");
        }
        LOG.info("resuming {} at epoch {} batch {}", file, c.epoch() + 1, c.nextBatch() + 1);
        return c;
    }

    float[][] initialWeights() {
        return start != null ? start.weights() : WeightInit.initialise(id.network(), id.config());
    }

    /**
     * Trains until the configured epochs are done or --stop-after batches have run.
     *
     * @return true when training is complete
     */
    boolean train(Trainer trainer, Backend backend, SampleSource data) {
        TrainConfig config = id.config();
        int batches = trainer.batchesPerEpoch(data.count());
        if (nextBatch > batches) {
            throw new SpikecoderException(file + ": next_batch " + nextBatch + " is past the end of the epoch ("
                    + batches + " batches of --batch " + config.batchSize() + " over " + data.count() + " samples)");
        }
        long total = (long) config.epochs() * data.count();
        long done = Math.min(total, (long) epoch * data.count() + (long) nextBatch * config.batchSize());
        int[] ranThisCall = {0};
        boolean interrupted = false;
        try (Interruption signal = Interruption.install()) {
            try (ProgressReporter progress = new ProgressReporter("train", total, done, interactive)) {
                while (epoch < config.epochs()) {
                    if (signal.requested() && savedAt != null) {
                        interrupted = true; // the epoch that just ended is saved; else the next batch saves
                        break;
                    }
                    if (options.stopAfter > 0 && ranThisCall[0] >= options.stopAfter) {
                        return false;
                    }
                    long[] lastSave = {System.nanoTime()};
                    Trainer.BatchHook hook = (e, doneBatches, all) -> {
                        ranThisCall[0]++;
                        boolean stop = options.stopAfter > 0 && ranThisCall[0] >= options.stopAfter
                                || signal.requested() && doneBatches < all;
                        if (stop || doneBatches % options.checkpointEvery == 0) {
                            long now = System.nanoTime();
                            trainSeconds += (now - lastSave[0]) / 1e9;
                            lastSave[0] = now;
                            nextBatch = doneBatches;
                            save(backend);
                        }
                        return stop;
                    };
                    TrainListener listener = new TrainListener() {
                        @Override
                        public void batchDone(int e, int batchIndex, int all, int samples, double batchLoss) {
                            loss.add(batchLoss);
                            samplesSeen += samples;
                            progress.batchDone(e, batchIndex, all, samples, batchLoss);
                        }
                    };
                    int next = trainer.trainEpoch(data, epoch, nextBatch, listener, hook);
                    trainSeconds += (System.nanoTime() - lastSave[0]) / 1e9;
                    if (next < batches) {
                        nextBatch = next;
                        if (signal.requested()) {
                            interrupted = true;
                            break;
                        }
                        LOG.info("stopped after {} batches as asked; checkpoint in {} (continue with --resume)",
                                options.stopAfter, file);
                        return false;
                    }
                    epoch++;
                    nextBatch = 0;
                    save(backend);
                }
            }
            if (interrupted || signal.requested()) {
                signal.report("interrupted: checkpoint saved in " + file + " at " + position()
                        + "; continue with --resume and the same options");
                return false;
            }
        }
        return true;
    }

    /*
     * Saves unless the weights have gone non-finite: a diverged network must not replace the last good checkpoint
     * (the loss can stay finite while the weights are NaN, because NaN neurons never fire).
     */
    private void save(Backend backend) {
        float[][] weights = backend.readWeights();
        String nonFinite = FiniteWeights.firstNonFinite(weights);
        if (nonFinite != null) {
            throw new SpikecoderException("training diverged by " + position() + " (" + nonFinite + "); try a"
                    + " smaller --lr (was " + id.config().learningRate() + "); "
                    + (savedAt == null ? "no checkpoint was saved" : file + " holds " + savedAt));
        }
        new Checkpoint(id.kind(), id.network(), id.config(), id.dataset(), id.limitTrain(), epoch, nextBatch,
                trainSeconds, samplesSeen, loss(), weights, id.meta()).writeKeepingPrevious(file);
        savedAt = position();
    }

    /* Where training stands, as a user counts: batches from 1, and an epoch's end rather than "next epoch, batch 0". */
    private String position() {
        return nextBatch == 0 && epoch > 0 ? "the end of epoch " + epoch
                : "epoch " + (epoch + 1) + " batch " + nextBatch;
    }

    double trainSeconds() {
        return trainSeconds;
    }

    long samplesSeen() {
        return samplesSeen;
    }

    double samplesPerSecond() {
        return trainSeconds > 0 ? samplesSeen / trainSeconds : 0;
    }

    double[] loss() {
        return loss.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
