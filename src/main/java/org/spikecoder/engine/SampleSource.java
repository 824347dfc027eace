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

    /**
     * The fraction of (sample, input) pairs whose intensity is above 0, the only pairs that can ever spike (MNIST's
     * training images light 19% of their pixels, Fashion-MNIST's 50%); 0 for no samples.
     */
    default double litFraction() {
        int n = inputSize();
        if (count() == 0 || n == 0) {
            return 0;
        }
        float[] rates = new float[n];
        long lit = 0;
        for (int i = 0; i < count(); i++) {
            copyRates(i, rates, 0);
            for (float r : rates) {
                lit += r > 0 ? 1 : 0;
            }
        }
        return (double) lit / ((long) count() * n);
    }

    /** Steps Th of each target map, or 0 when the target is the input spike train itself (an autoencoder). */
    default int targetSteps() {
        return 0;
    }

    /** Copies sample {@code i}'s Th x N_out target spikes into {@code dst} at {@code offset}. */
    default void copyTarget(int i, float[] dst, int offset) {
        throw new UnsupportedOperationException("an autoencoder's target is its input");
    }
}
