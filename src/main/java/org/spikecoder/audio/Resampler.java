package org.spikecoder.audio;

/**
 * Band-limited resampling by windowed-sinc interpolation, evaluated directly at each output instant.
 *
 * <p>Output sample n sits at input position {@code x = n * inRate / outRate} and is
 * <pre>
 *   y[n] = sum_k in[k] * c * sinc(c * (x - k)) * w((x - k) / (Z / c)),   |x - k| < Z / c
 *   c = 0.95 * min(1, outRate / inRate)        (cut-off as a fraction of the input Nyquist rate)
 *   sinc(t) = sin(pi t) / (pi t),  w = Blackman window on [-1, 1],  Z = 16 zero crossings
 * </pre>
 * so when downsampling the low-pass sits at 95% of the new Nyquist frequency (3.8 kHz for 8 kHz output) and
 * aliases are attenuated by the Blackman window's ~74 dB side lobes. Samples outside the clip count as zero. Output
 * length is {@code floor(len * outRate / inRate)} (at least 1 for a non-empty clip). Cost: about {@code 2Z / c}
 * multiply-adds per output sample, a few milliseconds per second of audio.
 */
public final class Resampler {
    static final int ZERO_CROSSINGS = 16;
    static final double ROLLOFF = 0.95;

    private Resampler() {
    }

    /**
     * @param audio  the clip. Not modified.
     * @param outRate the wanted rate, positive
     * @return {@code audio} itself when the rates match, else a new clip at {@code outRate}
     */
    public static Audio resample(Audio audio, int outRate) {
        if (outRate <= 0) {
            throw new IllegalArgumentException("output rate must be positive, got " + outRate);
        }
        if (audio.sampleRate() == outRate) {
            return audio;
        }
        float[] in = audio.samples();
        int inRate = audio.sampleRate();
        long outLen = (long) in.length * outRate / inRate;
        if (outLen == 0 && in.length > 0) {
            outLen = 1;
        }
        if (outLen > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(audio.source() + ": resampled clip too long");
        }
        double c = ROLLOFF * Math.min(1.0, (double) outRate / inRate);
        double halfWidth = ZERO_CROSSINGS / c;
        float[] out = new float[(int) outLen];
        for (int n = 0; n < out.length; n++) {
            double x = (double) n * inRate / outRate;
            int k0 = Math.max(0, (int) Math.ceil(x - halfWidth));
            int k1 = Math.min(in.length - 1, (int) Math.floor(x + halfWidth));
            double acc = 0;
            for (int k = k0; k <= k1; k++) {
                double t = x - k;
                acc += in[k] * c * sinc(c * t) * blackman(t / halfWidth);
            }
            out[n] = (float) acc;
        }
        return new Audio(out, outRate, audio.source());
    }

    private static double sinc(double t) {
        if (Math.abs(t) < 1e-12) {
            return 1;
        }
        double pt = Math.PI * t;
        return Math.sin(pt) / pt;
    }

    /* Blackman window centred at 0, support [-1, 1]. */
    private static double blackman(double u) {
        if (Math.abs(u) >= 1) {
            return 0;
        }
        return 0.42 + 0.5 * Math.cos(Math.PI * u) + 0.08 * Math.cos(2 * Math.PI * u);
    }
}
