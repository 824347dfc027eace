package org.spikecoder.api;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.spikecoder.SettingException;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.run.TrainingSession;

/**
 * The settings every training run has: the preset and training settings, the backend and device and the data folder
 * (from {@link DataBuilder}), checkpointing and the listener. Each setter checks what it can alone; {@code build()} checks the rest, and every
 * failure is a {@link SettingException} naming the field (e.g. "learningRate must be a positive number, got -1.0").
 *
 * @param <B> the builder's own type, so that setters chain
 */
public abstract class RunBuilder<B extends RunBuilder<B>> extends DataBuilder<B> {
    private Preset preset = Preset.PAPER;
    private final List<UnaryOperator<TrainConfig.Builder>> overrides = new ArrayList<>();
    private boolean resume;
    private int checkpointEvery = TrainingSession.Checkpointing.DEFAULT_EVERY;
    private int stopAfter;
    private boolean saveOnSignal;
    private RunListener listener = RunListener.NONE;

    RunBuilder() {
    }

    /** The defaults every training setting starts from. Default: {@link Preset#PAPER}. */
    public B preset(Preset p) {
        preset = given(p, "preset");
        return self();
    }

    /** T, time steps per sample in training and inference. */
    public B steps(int t) {
        return configure(b -> b.steps(t));
    }

    /** Passes over the training set. */
    public B epochs(int e) {
        return configure(b -> b.epochs(e));
    }

    /** Samples per mini-batch. */
    public B batchSize(int n) {
        return configure(b -> b.batchSize(n));
    }

    /** The step size of Adam or SGD. */
    public B learningRate(float lr) {
        return configure(b -> b.learningRate(lr));
    }

    /** Membrane leak alpha: V = (1 - alpha) V + W A. */
    public B leak(float alpha) {
        return configure(b -> b.leak(alpha));
    }

    /** Seeds the weights, the sample order and every input spike. */
    public B seed(long seed) {
        return configure(b -> b.seed(seed));
    }

    /**
     * Any other training setting (optimizer, trace, clamp, init...): {@code change} is applied to the preset's (and
     * recipe's) defaults, after the changes given before it. The settings are checked at {@code build()}.
     */
    public B configure(UnaryOperator<TrainConfig.Builder> change) {
        overrides.add(given(change, "configure"));
        return self();
    }

    /** Continue the run whose checkpoint is in the output folder; the settings must be the same. Default: false. */
    public B resume(boolean on) {
        resume = on;
        return self();
    }

    /** Save a checkpoint every this many batches (and at the end of every epoch). Default: 100. */
    public B checkpointEvery(int batches) {
        checkpointEvery = batches;
        return self();
    }

    /** Train at most this many batches in one call, save and stop (0: no limit); resume later. Default: 0. */
    public B stopAfter(int batches) {
        stopAfter = batches;
        return self();
    }

    /**
     * On Ctrl-C or SIGTERM, finish the batch, save a checkpoint and stop (a shutdown hook held for the training).
     * Default: false, for the JVM's signals are the application's.
     */
    public B saveOnSignal(boolean on) {
        saveOnSignal = on;
        return self();
    }

    /** Progress, checkpoints. Default: {@link RunListener#NONE}. */
    public B listener(RunListener l) {
        listener = given(l, "listener");
        return self();
    }

    /** The training settings: the preset's defaults, then {@code runDefaults}, then every change given. */
    final TrainConfig config(UnaryOperator<TrainConfig.Builder> runDefaults) {
        TrainConfig.Builder b = runDefaults.apply(preset.model().defaults().toBuilder());
        for (UnaryOperator<TrainConfig.Builder> o : overrides) {
            b = o.apply(b);
        }
        return b.build();
    }

    final Preset presetValue() {
        return preset;
    }

    final TrainingSession.Checkpointing checkpointing() {
        return new TrainingSession.Checkpointing(resume, checkpointEvery, stopAfter, saveOnSignal);
    }

    final RunListener listenerValue() {
        return listener;
    }
}
