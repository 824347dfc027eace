package org.spikecoder.audio;

/** How the spectrogram's channel centres are spaced between its lowest and highest frequency. */
public enum FrequencyScale {
    /** Equal steps in mel, HTK's {@code mel = 2595 log10(1 + f / 700)}: finer at low frequencies, as the ear is. */
    MEL {
        @Override
        double warp(double hz) {
            return 2595 * Math.log10(1 + hz / 700);
        }

        @Override
        double unwarp(double mel) {
            return 700 * (Math.pow(10, mel / 2595) - 1);
        }
    },
    /** Equal steps in hertz. */
    LINEAR {
        @Override
        double warp(double hz) {
            return hz;
        }

        @Override
        double unwarp(double v) {
            return v;
        }
    };

    /** Hertz to this scale's units. */
    abstract double warp(double hz);

    /** This scale's units back to hertz. */
    abstract double unwarp(double v);
}
