package org.spikecoder.audiocoder;

import org.spikecoder.audio.DigitSet;
import org.spikecoder.engine.SampleSource;

/**
 * Spoken-digit clips as audiocoder samples: each clip's spectrogram is the input, and the hidden spike map of its
 * paired image (Th steps x N_hidden, replayed over the audiocoder's steps) is the target.
 *
 * @param clips   spectrograms in [0, 1]
 * @param targets clip count x Th x width spikes (0/1), or null for inference only
 */
public record PairedClips(DigitSet clips, float[] targets, int targetSteps, int targetSize) implements SampleSource {

    public static PairedClips inputsOnly(DigitSet clips) {
        return new PairedClips(clips, null, 0, 0);
    }

    @Override
    public int count() {
        return clips.count();
    }

    @Override
    public int inputSize() {
        return clips.inputSize();
    }

    @Override
    public void copyRates(int i, float[] dst, int offset) {
        System.arraycopy(clips.inputs(), i * inputSize(), dst, offset, inputSize());
    }

    @Override
    public void copyTarget(int i, float[] dst, int offset) {
        int per = targetSteps * targetSize;
        System.arraycopy(targets, i * per, dst, offset, per);
    }
}
