package org.spikecoder.engine;

/**
 * Samples a {@link Trainer} can feed to a backend: input intensities in [0, 1] and, for networks that do not
 * reconstruct their input, a target spike map per sample.
 */
public interface SampleSource {
    int count();

    int inputSize();

    /** Output neurons N_out of each target step (unused when {@link #targetSteps()} is 0). */
    default int targetSize() {
        return 0;
    }

    /** Copies sample {@code i}'s intensities into {@code dst} at {@code offset}. */
    void copyRates(int i, float[] dst, int offset);

    /** Steps Th of each target map, or 0 when the target is the input spike train itself (an autoencoder). */
    default int targetSteps() {
        return 0;
    }

    /** Copies sample {@code i}'s Th x N_out target spikes into {@code dst} at {@code offset}. */
    default void copyTarget(int i, float[] dst, int offset) {
        throw new UnsupportedOperationException("an autoencoder's target is its input");
    }
}
