package org.spikecoder.model;

import org.spikecoder.SettingException;

/**
 * Everything that defines how a spiking network is simulated and trained. Immutable; built from a
 * {@link Preset}'s defaults and overrides with {@link #toBuilder()}. An invalid value throws a
 * {@link SettingException} naming the field.
 *
 * @param steps              T, time steps each sample is presented for (training and inference alike)
 * @param batchSize          B, samples per mini-batch
 * @param epochs             passes over the training set
 * @param learningRate       step size of Adam or SGD
 * @param leak               alpha in V[t] = (1 - alpha) V[t-1] + Z[t]
 * @param threshold          Vth; spike when V >= Vth, then V is reset to 0
 * @param maxRate            spike probability per step of a pixel at full intensity
 * @param mask               apply the XOR mask (target XOR output) to the membrane error
 * @param optimizer          Adam (restarted every batch) or SGD
 * @param weightDecay        L2 coefficient added to the gradient (wd * W)
 * @param decayUnderAdam     whether weight decay also applies under Adam (the authors' code: no)
 * @param beta1              Adam first-moment decay
 * @param beta2              Adam second-moment decay
 * @param epsilon            Adam denominator guard
 * @param traceMode          per-neuron trace (paper) or shared scaled trace (authors' code)
 * @param sharedTraceDivisor divisor of the layer's spike count in the shared-trace scale (authors' code: 784)
 * @param clampMembrane      clamp V at Vth before the threshold test (authors' code)
 * @param init               weight initialisation
 * @param initScale          half-width of the uniform init when {@code init == UNIFORM}
 * @param seed               seeds weights, shuffling and every Poisson spike
 * @param lrSchedule         how the learning rate moves from batch to batch (null, as in checkpoints written before
 *                           schedules existed, means CONSTANT)
 * @param lrEnd              the rate a decaying schedule reaches at the end of the run (0 for CONSTANT runs)
 */
public record TrainConfig(
        int steps,
        int batchSize,
        int epochs,
        float learningRate,
        float leak,
        float threshold,
        float maxRate,
        boolean mask,
        Optimizer optimizer,
        float weightDecay,
        boolean decayUnderAdam,
        float beta1,
        float beta2,
        float epsilon,
        TraceMode traceMode,
        float sharedTraceDivisor,
        boolean clampMembrane,
        InitMode init,
        float initScale,
        long seed,
        LrSchedule lrSchedule,
        float lrEnd) {

    public TrainConfig {
        if (lrSchedule == null) {
            lrSchedule = LrSchedule.CONSTANT;
        }
        require(lrEnd >= 0 && Float.isFinite(lrEnd), "{lrEnd} must be 0 or more, got %s", lrEnd);
        require(steps >= 1, "{steps} must be at least 1, got %s", steps);
        require(batchSize >= 1, "{batchSize} must be at least 1, got %s", batchSize);
        require(epochs >= 0, "{epochs} must be 0 or more, got %s", epochs);
        require(learningRate > 0 && Float.isFinite(learningRate), "{learningRate} must be a positive number, got %s",
                learningRate);
        require(leak >= 0 && leak < 1, "{leak} must be in [0, 1), got %s", leak);
        require(threshold > 0 && Float.isFinite(threshold), "{threshold} must be positive, got %s", threshold);
        require(maxRate > 0 && maxRate <= 1, "{maxRate} must be in (0, 1], got %s", maxRate);
        require(weightDecay >= 0 && Float.isFinite(weightDecay), "{weightDecay} must be 0 or more, got %s",
                weightDecay);
        require(beta1 >= 0 && beta1 < 1, "{beta1} must be in [0, 1), got %s", beta1);
        require(beta2 >= 0 && beta2 < 1, "{beta2} must be in [0, 1), got %s", beta2);
        require(epsilon > 0 && Float.isFinite(epsilon), "{epsilon} must be a positive number, got %s", epsilon);
        require(sharedTraceDivisor > 0 && Float.isFinite(sharedTraceDivisor),
                "{sharedTraceDivisor} must be a positive number, got %s", sharedTraceDivisor);
        require(initScale > 0 && Float.isFinite(initScale), "{initScale} must be positive, got %s", initScale);
        if (optimizer == null || traceMode == null || init == null) {
            throw new SettingException("{optimizer}, {traceMode} and {init} must be set to known values");
        }
    }

    /* Messages name the record's fields; the command line renders them as its flags. */
    private static void require(boolean ok, String template, Object value) {
        if (!ok) {
            throw new SettingException(template, value);
        }
    }

    /** Membrane decay factor per step, 1 - alpha. */
    public float decay() {
        return 1f - leak;
    }

    /**
     * The learning rate of batch {@code batch} (0-based) of epoch {@code epoch}, each epoch having
     * {@code batchesPerEpoch} batches.
     */
    public float learningRateAt(int epoch, int batch, int batchesPerEpoch) {
        long total = (long) epochs * batchesPerEpoch;
        double progress = total == 0 ? 0 : ((long) epoch * batchesPerEpoch + batch) / (double) total;
        return lrSchedule.at(learningRate, lrEnd, progress);
    }

    /** Weight decay in effect for the chosen optimiser. */
    public float effectiveWeightDecay() {
        return optimizer == Optimizer.ADAM && !decayUnderAdam ? 0f : weightDecay;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable twin used only while options are being assembled. */
    public static final class Builder {
        public int steps;
        public int batchSize;
        public int epochs;
        public float learningRate;
        public float leak;
        public float threshold;
        public float maxRate;
        public boolean mask;
        public Optimizer optimizer;
        public float weightDecay;
        public boolean decayUnderAdam;
        public float beta1;
        public float beta2;
        public float epsilon;
        public TraceMode traceMode;
        public float sharedTraceDivisor;
        public boolean clampMembrane;
        public InitMode init;
        public float initScale;
        public long seed;
        public LrSchedule lrSchedule = LrSchedule.CONSTANT;
        public float lrEnd;

        Builder() {
        }

        Builder(TrainConfig c) {
            steps = c.steps;
            batchSize = c.batchSize;
            epochs = c.epochs;
            learningRate = c.learningRate;
            leak = c.leak;
            threshold = c.threshold;
            maxRate = c.maxRate;
            mask = c.mask;
            optimizer = c.optimizer;
            weightDecay = c.weightDecay;
            decayUnderAdam = c.decayUnderAdam;
            beta1 = c.beta1;
            beta2 = c.beta2;
            epsilon = c.epsilon;
            traceMode = c.traceMode;
            sharedTraceDivisor = c.sharedTraceDivisor;
            clampMembrane = c.clampMembrane;
            init = c.init;
            initScale = c.initScale;
            seed = c.seed;
            lrSchedule = c.lrSchedule;
            lrEnd = c.lrEnd;
        }

        public Builder steps(int v) { steps = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder epochs(int v) { epochs = v; return this; }
        public Builder learningRate(float v) { learningRate = v; return this; }
        public Builder leak(float v) { leak = v; return this; }
        public Builder threshold(float v) { threshold = v; return this; }
        public Builder maxRate(float v) { maxRate = v; return this; }
        public Builder mask(boolean v) { mask = v; return this; }
        public Builder optimizer(Optimizer v) { optimizer = v; return this; }
        public Builder weightDecay(float v) { weightDecay = v; return this; }
        public Builder decayUnderAdam(boolean v) { decayUnderAdam = v; return this; }
        public Builder beta1(float v) { beta1 = v; return this; }
        public Builder beta2(float v) { beta2 = v; return this; }
        public Builder epsilon(float v) { epsilon = v; return this; }
        public Builder traceMode(TraceMode v) { traceMode = v; return this; }
        public Builder sharedTraceDivisor(float v) { sharedTraceDivisor = v; return this; }
        public Builder clampMembrane(boolean v) { clampMembrane = v; return this; }
        public Builder init(InitMode v) { init = v; return this; }
        public Builder initScale(float v) { initScale = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder lrSchedule(LrSchedule v) { lrSchedule = v; return this; }
        public Builder lrEnd(float v) { lrEnd = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(steps, batchSize, epochs, learningRate, leak, threshold, maxRate, mask, optimizer,
                    weightDecay, decayUnderAdam, beta1, beta2, epsilon, traceMode, sharedTraceDivisor, clampMembrane,
                    init, initScale, seed, lrSchedule, lrEnd);
        }
    }
}
