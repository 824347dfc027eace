package org.spikecoder.audio;

/**
 * A mono clip as read from a file.
 *
 * @param samples    amplitudes in [-1, 1] (full scale of the file's encoding; float files may exceed it and are not
 *                   clipped). Not modified by anyone after construction.
 * @param sampleRate samples per second, positive
 * @param source     where the clip came from (a file path), for error messages
 */
public record Audio(float[] samples, int sampleRate, String source) {
    public Audio {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException(source + ": sample rate must be positive, got " + sampleRate);
        }
    }

    /** Length in seconds. */
    public double seconds() {
        return samples.length / (double) sampleRate;
    }
}
