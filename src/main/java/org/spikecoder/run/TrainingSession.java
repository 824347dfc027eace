package org.spikecoder.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SettingException;
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
 * The epochs of one training run with checkpoints: starts fresh or from a validated checkpoint
 * ({@link Checkpointing#resume}), saves every {@link Checkpointing#checkpointEvery} batches and at every epoch end
 * (keeping the previous checkpoint as checkpoint.prev.spk), stops early after {@link Checkpointing#stopAfter} batches
 * or, when {@link Checkpointing#saveOnSignal} is set, on Ctrl-C / SIGTERM after saving. Never overwrites another
 * run's checkpoint, and never saves non-finite weights: divergence stops the run with an error instead.
 *
 * <p>Messages name the fields of {@link Checkpointing} and {@link Identity} ({@link SettingException}); the command
 * line renders them as its flags.
 */
public final class TrainingSession {
    private static final Logger LOG = LogManager.getLogger(TrainingSession.class);

    private final Identity id;
    private final Path file;
    private final Checkpointing options;
    private final Checkpoint start;

    private int epoch;
    private int nextBatch;
    private double trainSeconds;
    private long samplesSeen;
    private final List<Double> loss = new ArrayList<>();
    /** Where the last checkpoint of this run stands, for the divergence message; null before the first save. */
    private String savedAt;

    /**
     * What must match between a checkpoint and the run that resumes it.
     *
     * @param kind       "autoencoder" or "audiocoder"
     * @param dataset    the training data's name
     * @param limitTrain how many training samples were asked for (0: all)
     * @param meta       the run's other settings that shape the result (e.g. the pairing of an audiocoder)
     */
    public record Identity(String kind, NetworkSpec network, TrainConfig config, String dataset, int limitTrain,
                           Map<String, String> meta) {
    }

    /**
     * How a run checkpoints.
     *
     * @param resume          continue the run whose checkpoint is in the output folder (same settings)
     * @param checkpointEvery save every this many batches (and at the end of every epoch)
     * @param stopAfter       train at most this many batches in this call, save and stop (0: no limit)
     * @param saveOnSignal    on Ctrl-C or SIGTERM, finish the batch, save and stop (the command line does; a library
     *                        caller decides whether its JVM's signals are the run's)
     */
    public record Checkpointing(boolean resume, int checkpointEvery, int stopAfter, boolean saveOnSignal) {
        public static final int DEFAULT_EVERY = 100;

        public Checkpointing {
            if (checkpointEvery < 1) {
                throw new SettingException("{checkpointEvery} must be at least 1, got %s", checkpointEvery);
            }
            if (stopAfter < 0) {
                throw new SettingException("{stopAfter} must be 0 or more, got %s", stopAfter);
            }
        }

        /** A fresh run, saved every {@link #DEFAULT_EVERY} batches, signals left alone. */
        public static Checkpointing defaults() {
            return new Checkpointing(false, DEFAULT_EVERY, 0, false);
        }
    }

    /** What a session reports while it trains, besides every batch ({@link TrainListener#batchDone}). */
    public interface Listener extends TrainListener {
        /** Training starts: {@code total} samples in all epochs, {@code done} of them already (a resumed run). */
        default void trainingStarted(long total, long done) {
        }

        /** A checkpoint was written, {@code position} as a user counts ("epoch 1 batch 4"). */
        default void checkpointSaved(Path file, String position) {
        }

        /** Training ended, complete or not. */
        default void trainingEnded() {
        }

        /**
         * Ctrl-C or SIGTERM stopped training ({@link Checkpointing#saveOnSignal}) and the checkpoint is saved at
         * {@code position}. Says so on {@code System.err}, not through the log: Log4j stops its appenders in a
         * shutdown hook of its own, which may already have run.
         */
        default void stoppedBySignal(Path checkpoint, String position) {
            System.err.println("interrupted: checkpoint saved in " + checkpoint + " at " + position
                    + "; resume the run with the same settings to continue");
            System.err.flush();
        }

        Listener NONE = new Listener() {
        };
    }

    /**
     * @param out the run's folder; its checkpoint is read now when resuming (and must match {@code id})
     * @throws SettingException when the folder holds another run's checkpoint, or none to resume, or one that does
     *                          not match
     */
    public TrainingSession(Identity id, Path out, Checkpointing options) {
        this.id = id;
        this.file = out.resolve(Checkpoint.FILE_NAME);
        this.options = options;
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
        if (!options.resume()) {
            if (Files.exists(file)) {
                throw new SettingException("%s already exists: pass {resume} to continue that run, or choose another"
                        + " {out}", file);
            }
            return null;
        }
        if (!Files.exists(file)) {
            throw new SettingException("{resume}: no checkpoint at %s", file);
        }
        Checkpoint c = Checkpoint.read(file);
        // Each difference is a template piece (naming fields) with its values as format arguments.
        List<String> diffs = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (!id.kind().equals(c.kind())) {
            diffs.add("kind %s vs %s");
            values.addAll(List.of(c.kind(), id.kind()));
        }
        if (!c.network().equals(id.network())) {
            diffs.add("network %s vs %s");
            values.addAll(List.of(c.network(), id.network()));
        }
        if (!Objects.equals(id.dataset(), c.dataset())) {
            diffs.add("data set %s vs %s");
            values.addAll(Arrays.asList(c.dataset(), id.dataset()));
        }
        if (c.limitTrain() != id.limitTrain()) {
            diffs.add("{limitTrain} %s vs %s");
            values.addAll(List.of(c.limitTrain(), id.limitTrain()));
        }
        if (!Objects.equals(String.valueOf(c.meta()), String.valueOf(id.meta()))) {
            diffs.add("settings %s vs %s");
            values.addAll(List.of(String.valueOf(c.meta()), String.valueOf(id.meta())));
        }
        // Epochs may grow on resume; every other training option must match or the result would be neither run.
        TrainConfig saved = c.config().toBuilder().epochs(id.config().epochs()).build();
        if (!saved.equals(id.config())) {
            List<String> fields = new ArrayList<>();
            for (ConfigDiff.Difference d : ConfigDiff.between(saved, id.config())) {
                fields.add("{" + d.field() + "} %s (checkpoint) vs %s (now)");
                values.add(d.saved());
                values.add(d.wanted());
            }
            diffs.add("training options " + String.join(", ", fields));
        }
        if (!diffs.isEmpty()) {
            values.add(0, file);
            throw new SettingException("%s does not match this run (" + String.join("; ", diffs) + "): rerun with the"
                    + " original settings or choose another {out}", values.toArray());
        }
        LOG.info("resuming {} at epoch {} batch {}", file, c.epoch() + 1, c.nextBatch() + 1);
        return c;
    }

    /** The weights to start from: the checkpoint's when resuming, else the seeded initialisation. */
    public float[][] initialWeights() {
        return start != null ? start.weights() : WeightInit.initialise(id.network(), id.config());
    }

    /**
     * Trains until the configured epochs are done or {@link Checkpointing#stopAfter} batches have run.
     *
     * @param backend holds the network, its weights set from {@link #initialWeights()}
     * @return true when training is complete
     */
    public boolean train(Trainer trainer, Backend backend, SampleSource data, Listener listener) {
        TrainConfig config = id.config();
        int batchCount = trainer.batchesPerEpoch(data.count());
        if (nextBatch > batchCount) {
            throw new SettingException("%s: next_batch %s is past the end of the epoch (%s batches of {batchSize} %s"
                    + " over %s samples)", file, nextBatch, batchCount, config.batchSize(), data.count());
        }
        long total = (long) config.epochs() * data.count();
        long done = Math.min(total, (long) epoch * data.count() + (long) nextBatch * config.batchSize());
        int[] ranThisCall = {0};
        boolean interrupted = false;
        try (Interruption signal = options.saveOnSignal() ? Interruption.install() : Interruption.none()) {
            listener.trainingStarted(total, done);
            try {
                while (epoch < config.epochs()) {
                    if (signal.requested() && savedAt != null) {
                        interrupted = true; // the epoch that just ended is saved; else the next batch saves
                        break;
                    }
                    if (options.stopAfter() > 0 && ranThisCall[0] >= options.stopAfter()) {
                        return false;
                    }
                    long[] lastSave = {System.nanoTime()};
                    Trainer.BatchHook hook = (e, doneBatches, all) -> {
                        ranThisCall[0]++;
                        boolean stop = options.stopAfter() > 0 && ranThisCall[0] >= options.stopAfter()
                                || signal.requested() && doneBatches < all;
                        if (stop || doneBatches % options.checkpointEvery() == 0) {
                            long now = System.nanoTime();
                            trainSeconds += (now - lastSave[0]) / 1e9;
                            lastSave[0] = now;
                            nextBatch = doneBatches;
                            save(backend, listener);
                        }
                        return stop;
                    };
                    TrainListener batches = new TrainListener() {
                        @Override
                        public void batchDone(int e, int batchIndex, int all, int samples, double batchLoss) {
                            loss.add(batchLoss);
                            samplesSeen += samples;
                            listener.batchDone(e, batchIndex, all, samples, batchLoss);
                        }
                    };
                    int next = trainer.trainEpoch(data, epoch, nextBatch, batches, hook);
                    trainSeconds += (System.nanoTime() - lastSave[0]) / 1e9;
                    if (next < batchCount) {
                        nextBatch = next;
                        if (signal.requested()) {
                            interrupted = true;
                            break;
                        }
                        LOG.info("stopped after {} batches as asked; checkpoint in {} (resume to continue)",
                                options.stopAfter(), file);
                        return false;
                    }
                    epoch++;
                    nextBatch = 0;
                    save(backend, listener);
                }
            } finally {
                listener.trainingEnded();
            }
            if (interrupted || signal.requested()) {
                listener.stoppedBySignal(file, position());
                return false;
            }
        }
        return true;
    }

    /*
     * Saves unless the weights have gone non-finite: a diverged network must not replace the last good checkpoint
     * (the loss can stay finite while the weights are NaN, because NaN neurons never fire).
     */
    private void save(Backend backend, Listener listener) {
        float[][] weights = backend.readWeights();
        String nonFinite = FiniteWeights.firstNonFinite(weights);
        if (nonFinite != null) {
            throw new SettingException("training diverged by %s (%s); try a smaller {learningRate} (was %s); %s",
                    position(), nonFinite, id.config().learningRate(),
                    savedAt == null ? "no checkpoint was saved" : file + " holds " + savedAt);
        }
        new Checkpoint(id.kind(), id.network(), id.config(), id.dataset(), id.limitTrain(), epoch, nextBatch,
                trainSeconds, samplesSeen, loss(), weights, id.meta()).writeKeepingPrevious(file);
        savedAt = position();
        listener.checkpointSaved(file, savedAt);
    }

    /* Where training stands, as a user counts: batches from 1, and an epoch's end rather than "next epoch, batch 0". */
    private String position() {
        return nextBatch == 0 && epoch > 0 ? "the end of epoch " + epoch
                : "epoch " + (epoch + 1) + " batch " + nextBatch;
    }

    /** Seconds spent training, over every call of the run (a resumed run adds to its checkpoint's). */
    public double trainSeconds() {
        return trainSeconds;
    }

    public long samplesSeen() {
        return samplesSeen;
    }

    public double samplesPerSecond() {
        return trainSeconds > 0 ? samplesSeen / trainSeconds : 0;
    }

    /** The loss of every batch trained so far, in order. */
    public double[] loss() {
        return loss.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
