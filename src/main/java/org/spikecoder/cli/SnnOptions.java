package org.spikecoder.cli;

import org.spikecoder.api.Preset;
import org.spikecoder.api.RunBuilder;
import org.spikecoder.model.InitMode;
import org.spikecoder.model.LrSchedule;
import org.spikecoder.model.Optimizer;
import org.spikecoder.model.TraceMode;
import org.spikecoder.model.TrainConfig;

import picocli.CommandLine.Option;

/**
 * Neuron and learning options shared by every training command. An option left out takes the value of
 * {@code --preset}; docs/PRESETS.md lists both presets.
 */
public final class SnnOptions {
    @Option(names = "--preset", defaultValue = "paper", paramLabel = "NAME",
            description = "paper (the algorithm as the paper's text states it) or authors-code (what the authors'"
                    + " MATLAB code does). Default: ${DEFAULT-VALUE}.")
    String preset;

    @Option(names = "--steps", paramLabel = "T", description = "Time steps per sample, in training and inference (preset: 15).")
    Integer steps;

    @Option(names = "--epochs", paramLabel = "E", description = "Passes over the training set (preset: 1).")
    Integer epochs;

    @Option(names = "--batch", paramLabel = "B", description = "Samples per mini-batch (preset: 100).")
    Integer batch;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (preset: 5e-4).")
    Float lr;

    @Option(names = "--lr-schedule", paramLabel = "constant|cosine",
            description = "How the learning rate moves over the run: constant, or cosine (half a cosine from --lr at"
                    + " the first batch to --lr-end at the last). Default: constant.")
    LrSchedule lrSchedule;

    @Option(names = "--lr-end", paramLabel = "RATE",
            description = "The learning rate a cosine schedule reaches at the end of the run. Default: 0.")
    Float lrEnd;

    @Option(names = "--leak", paramLabel = "ALPHA", description = "Membrane leak alpha: V = (1 - alpha) V + W A (preset: 0.1).")
    Float leak;

    @Option(names = "--threshold", paramLabel = "VTH", description = "Firing threshold (preset: 1).")
    Float threshold;

    @Option(names = "--max-rate", paramLabel = "P", description = "Spike probability per step of a full-intensity input (paper: 1, authors-code: 0.3).")
    Float maxRate;

    @Option(names = "--mask", negatable = true, description = "XOR spike mask on the membrane error (preset: on; --no-mask for the paper's ablation).")
    Boolean mask;

    @Option(names = "--optimizer", paramLabel = "adam|sgd", description = "Adam (moments restarted every batch) or SGD (preset: adam).")
    Optimizer optimizer;

    @Option(names = "--weight-decay", paramLabel = "WD", description = "L2 weight decay added to the gradient (preset: 1e-4).")
    Float weightDecay;

    @Option(names = "--decay-under-adam", negatable = true, description = "Apply weight decay under Adam too (paper: yes, authors-code: no).")
    Boolean decayUnderAdam;

    @Option(names = "--beta1", description = "Adam beta1 (preset: 0.9).")
    Float beta1;

    @Option(names = "--beta2", description = "Adam beta2 (preset: 0.999).")
    Float beta2;

    @Option(names = "--epsilon", description = "Adam epsilon (paper: 1e-8, authors-code: 1e-7).")
    Float epsilon;

    @Option(names = "--trace", paramLabel = "per_neuron|shared_scaled",
            description = "Eligibility trace: per_neuron (paper: reset per post neuron on its spike) or shared_scaled (authors' code).")
    TraceMode trace;

    @Option(names = "--shared-trace-divisor", paramLabel = "N", description = "Divisor of the layer's spike count in the shared trace's scale (authors' code: 784).")
    Float sharedTraceDivisor;

    @Option(names = "--clamp", negatable = true, description = "Clamp V at the threshold before the spike test (paper: no, authors-code: yes).")
    Boolean clamp;

    @Option(names = "--init", paramLabel = "xavier|uniform", description = "Weight init: Glorot uniform or U(-s, s) (paper: xavier, authors-code: uniform).")
    InitMode init;

    @Option(names = "--init-scale", paramLabel = "S", description = "Half-width s of the uniform init (preset: 0.1).")
    Float initScale;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seeds the weights, the sample order and every input spike (default: 1).")
    Long seed;

    /** The preset and every option given, on a run's builder (which applies them after its own defaults). */
    <B extends RunBuilder<B>> B applyTo(B run) {
        return run.preset(Preset.parse(preset)).configure(this::override);
    }

    /* Every given option on top of the preset's (and a command's recipe's) defaults. */
    private TrainConfig.Builder override(TrainConfig.Builder b) {
        if (steps != null) b.steps(steps);
        if (epochs != null) b.epochs(epochs);
        if (batch != null) b.batchSize(batch);
        if (lr != null) b.learningRate(lr);
        if (lrSchedule != null) b.lrSchedule(lrSchedule);
        if (lrEnd != null) b.lrEnd(lrEnd);
        if (leak != null) b.leak(leak);
        if (threshold != null) b.threshold(threshold);
        if (maxRate != null) b.maxRate(maxRate);
        if (mask != null) b.mask(mask);
        if (optimizer != null) b.optimizer(optimizer);
        if (weightDecay != null) b.weightDecay(weightDecay);
        if (decayUnderAdam != null) b.decayUnderAdam(decayUnderAdam);
        if (beta1 != null) b.beta1(beta1);
        if (beta2 != null) b.beta2(beta2);
        if (epsilon != null) b.epsilon(epsilon);
        if (trace != null) b.traceMode(trace);
        if (sharedTraceDivisor != null) b.sharedTraceDivisor(sharedTraceDivisor);
        if (clamp != null) b.clampMembrane(clamp);
        if (init != null) b.init(init);
        if (initScale != null) b.initScale(initScale);
        if (seed != null) b.seed(seed);
        return b;
    }
}
