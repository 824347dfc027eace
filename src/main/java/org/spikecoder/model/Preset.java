package org.spikecoder.model;

import java.util.Locale;

import org.spikecoder.SettingException;

/**
 * Named sets of defaults. Every field stays overridable on the command line; docs/PRESETS.md lists them.
 */
public enum Preset {
    /** The algorithm as the paper's text states it (per-neuron trace reset, no clamp, full-rate input). */
    PAPER("paper"),
    /** What the authors' published MATLAB code does (shared scaled trace, V clamped at Vth, max rate 0.3). */
    AUTHORS_CODE("authors-code");

    private final String cliName;

    Preset(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static Preset fromCliName(String name) {
        for (Preset p : values()) {
            if (p.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new SettingException("{preset} must be 'paper' or 'authors-code', got '%s'", name);
    }

    /** The MNIST autoencoder defaults of this preset (784-196-784, T=15, batch 100, lr 5e-4, leak 0.1). */
    public TrainConfig defaults() {
        TrainConfig.Builder b = new TrainConfig.Builder();
        b.steps = 15;
        b.batchSize = 100;
        b.epochs = 1;
        b.learningRate = 5e-4f;
        b.leak = 0.1f;
        b.threshold = 1f;
        b.mask = true;
        b.optimizer = Optimizer.ADAM;
        b.weightDecay = 1e-4f;
        b.beta1 = 0.9f;
        b.beta2 = 0.999f;
        b.sharedTraceDivisor = 784f;
        b.initScale = 0.1f;
        b.seed = 1;
        switch (this) {
            case PAPER -> {
                b.maxRate = 1f;
                b.decayUnderAdam = true;
                b.epsilon = 1e-8f;
                b.traceMode = TraceMode.PER_NEURON;
                b.clampMembrane = false;
                b.init = InitMode.XAVIER;
            }
            case AUTHORS_CODE -> {
                b.maxRate = 0.3f;
                b.decayUnderAdam = false;
                b.epsilon = 1e-7f; // written 10e-8 in the MATLAB code
                b.traceMode = TraceMode.SHARED_SCALED;
                b.clampMembrane = true;
                b.init = InitMode.UNIFORM;
            }
        }
        return b.build();
    }
}
