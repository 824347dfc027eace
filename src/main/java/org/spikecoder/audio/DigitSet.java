package org.spikecoder.audio;

/**
 * Spoken digits as network inputs: one spectrogram per clip, clip after clip.
 *
 * @param name     e.g. "fsdd/train"
 * @param config   how the spectrograms were made; each has {@code config.inputSize()} values
 * @param inputs   {@code count * config.inputSize()} values in [0, 1], each clip time-major
 *                 ({@code frame * channels + channel}). Not modified by anyone after construction.
 * @param labels   the spoken digit of each clip, 0-9
 * @param names    each clip's file name (relative to the corpus folder for TI-46)
 * @param speakers each clip's speaker
 */
public record DigitSet(String name, SpectrogramConfig config, float[] inputs, int[] labels, String[] names,
                       String[] speakers) {
    public DigitSet {
        int n = labels.length;
        if (names.length != n || speakers.length != n || inputs.length != (long) n * config.inputSize()) {
            throw new IllegalArgumentException(name + ": inconsistent sizes: " + n + " labels, " + names.length
                    + " names, " + speakers.length + " speakers, " + inputs.length + " inputs");
        }
    }

    public int count() {
        return labels.length;
    }

    /** Values per clip: frames x channels. */
    public int inputSize() {
        return config.inputSize();
    }
}
