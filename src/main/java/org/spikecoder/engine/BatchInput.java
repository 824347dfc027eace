package org.spikecoder.engine;

/**
 * One mini-batch as the host hands it to a backend, once per batch.
 *
 * @param rates       B x N0 firing intensities in [0, 1] (pixels / 255, or a scaled spectrogram), row per sample
 * @param size        B, samples in this batch (the last batch of a limited run may be short)
 * @param sampleIds   dataset index of each sample: part of the Poisson counter, so spikes do not depend on batching
 * @param stepOffset  added to the step index in the Poisson counter (epoch * T in training) so epochs differ
 * @param stream      {@link org.spikecoder.rng.Philox} stream of the input spikes (training or evaluation)
 * @param targets     B x targetSteps x N_out spike targets replayed cyclically, or null to use the input spikes
 *                    themselves (the autoencoder)
 * @param targetSteps Th, steps in {@code targets}
 */
public record BatchInput(float[] rates, int size, int[] sampleIds, int stepOffset, int stream, float[] targets,
                         int targetSteps) {

    public static BatchInput autoencoder(float[] rates, int size, int[] sampleIds, int stepOffset, int stream) {
        return new BatchInput(rates, size, sampleIds, stepOffset, stream, null, 0);
    }

    public boolean reconstructsInput() {
        return targets == null;
    }
}
