package org.spikecoder.audio;

import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Short-time FFT front end: a clip becomes {@code F x C} values in [0, 1] for rate coding
 * ({@code F = frames}, {@code C = channels} of a {@link SpectrogramConfig}).
 *
 * <p>Steps, for a clip x (resampled to the analysis rate first, see {@link Resampler}):
 * <ol>
 * <li>Frame f covers samples {@code f*hop .. f*hop + L - 1} ({@code L} = frame length), multiplied by a periodic Hann
 * window {@code w[i] = 0.5 - 0.5 cos(2 pi i / L)}; samples past the end count as zero. A clip of n samples needs
 * {@code 1 + ceil(max(0, n - L) / hop)} frames; frames past that are silence (padding), and frames past F are dropped
 * (the trim is logged at debug level: a long clip loses its end, it is not an error).</li>
 * <li>Power {@code P[k] = |FFT(frame)[k]|^2 / (sum w)^2}, k = 0 .. L/2 (Commons Math's FFT); the normalisation makes a
 * full-scale sine at a bin centre 0.25 (-6 dB), so the absolute floor below has a meaning.</li>
 * <li>Channel energies {@code E[c] = sum_k H[c][k] P[k]} with C triangular filters H of peak 1 (HTK style): their
 * corner frequencies {@code g_0 .. g_{C+1}} are equally spaced on the {@link FrequencyScale} from minHz to maxHz;
 * filter c rises from {@code g_c} to its centre {@code g_{c+1}} and falls to {@code g_{c+2}}, evaluated at each bin's
 * frequency {@code k * rate / L}.</li>
 * <li>Log compression {@code D = 10 log10(max(E, 1e-10))} (-100 dB absolute floor: digital silence).</li>
 * <li>Per clip: {@code top = max D}, {@code bottom = max(min D, top - rangeDb)},
 * {@code v = clamp((D - bottom) / (top - headroomDb - bottom), 0, 1)} (headroom 0 unless set). A clip with {@code top == bottom} (e.g. all silence) gives
 * all zeros, never NaN. Padding is at the floor, so it maps to 0.</li>
 * </ol>
 * Output layout is time-major: {@code v[f * C + c]}, so network input {@code frame * 39 + channel}, and the first
 * {@code k * C} inputs are the first k frames.
 *
 * <p>Immutable and thread-safe: the window and filters are built once, buffers are per call.
 */
public final class Spectrogram {
    private static final Logger LOG = LogManager.getLogger(Spectrogram.class);
    static final double FLOOR_DB = -100;
    private static final double FLOOR_POWER = 1e-10;

    private final SpectrogramConfig config;
    private final double[] window;
    private final double norm;
    /* filters[c] weights bins firstBin[c] .. firstBin[c] + filters[c].length - 1 */
    private final double[][] filters;
    private final int[] firstBin;
    private final double[] centreHz;

    /**
     * @throws IllegalArgumentException when some filter would hold no FFT bin (too many channels for the frame
     *                                  length and frequency range)
     */
    public Spectrogram(SpectrogramConfig config) {
        this.config = config;
        int len = config.frameLength();
        window = new double[len];
        double sum = 0;
        for (int i = 0; i < len; i++) {
            // periodic Hann: overlapping frames at hop L/4, L/2 sum to a constant, the usual STFT choice
            window[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / len);
            sum += window[i];
        }
        norm = sum * sum;
        int c = config.channels();
        double lo = config.scale().warp(config.minHz());
        double hi = config.scale().warp(config.maxHz());
        double[] corner = new double[c + 2];
        for (int i = 0; i < c + 2; i++) {
            corner[i] = config.scale().unwarp(lo + (hi - lo) * i / (c + 1));
        }
        centreHz = new double[c];
        filters = new double[c][];
        firstBin = new int[c];
        double binHz = (double) config.sampleRate() / len;
        for (int ch = 0; ch < c; ch++) {
            double a = corner[ch];
            double m = corner[ch + 1];
            double b = corner[ch + 2];
            centreHz[ch] = m;
            int k0 = (int) Math.ceil(a / binHz);
            int k1 = Math.min(len / 2, (int) Math.floor(b / binHz));
            double[] h = new double[Math.max(0, k1 - k0 + 1)];
            double total = 0;
            for (int k = k0; k <= k1; k++) {
                double f = k * binHz;
                double v = f <= m ? (f - a) / (m - a) : (b - f) / (b - m);
                h[k - k0] = Math.max(0, v);
                total += h[k - k0];
            }
            if (!(total > 0)) {
                throw new IllegalArgumentException("channel " + ch + " (" + Math.round(a) + "-" + Math.round(b)
                        + " Hz) holds no FFT bin of " + binHz + " Hz: use fewer channels or longer frames");
            }
            filters[ch] = h;
            firstBin[ch] = k0;
        }
    }

    public SpectrogramConfig config() {
        return config;
    }

    /** Centre frequency of each channel in Hz, lowest first. A new array. */
    public double[] centreHz() {
        return centreHz.clone();
    }

    /** Frames a clip of {@code samples} samples needs to be covered whole: {@code 1 + ceil(max(0, n - L) / hop)}. */
    public int framesNeeded(int samples) {
        long over = Math.max(0, (long) samples - config.frameLength());
        return (int) (1 + (over + config.hop() - 1) / config.hop());
    }

    /**
     * The scaled spectrogram of a clip, as the class comment describes.
     *
     * @param audio the clip, at any rate. Not modified.
     * @return {@code frames * channels} values in [0, 1], time-major
     */
    public float[] compute(Audio audio) {
        Audio a = Resampler.resample(audio, config.sampleRate());
        float[] x = a.samples();
        int frames = config.frames();
        int channels = config.channels();
        int needed = framesNeeded(x.length);
        int used = Math.min(needed, frames);
        if (needed > frames) {
            LOG.debug("{}: {} frames needed, trimmed to {} (the last {} s dropped)", audio.source(), needed, frames,
                    String.format("%.3f", (x.length - (double) frames * config.hop()) / config.sampleRate()));
        }
        double[] db = new double[frames * channels];
        java.util.Arrays.fill(db, FLOOR_DB);
        int len = config.frameLength();
        double[][] ri = new double[2][len];
        double[] power = new double[len / 2 + 1];
        for (int f = 0; f < used; f++) {
            int start = f * config.hop();
            for (int i = 0; i < len; i++) {
                int s = start + i;
                ri[0][i] = s < x.length ? x[s] * window[i] : 0;
                ri[1][i] = 0;
            }
            FastFourierTransformer.transformInPlace(ri, DftNormalization.STANDARD, TransformType.FORWARD);
            for (int k = 0; k <= len / 2; k++) {
                power[k] = (ri[0][k] * ri[0][k] + ri[1][k] * ri[1][k]) / norm;
            }
            for (int c = 0; c < channels; c++) {
                double e = 0;
                double[] h = filters[c];
                int k0 = firstBin[c];
                for (int j = 0; j < h.length; j++) {
                    e += h[j] * power[k0 + j];
                }
                db[f * channels + c] = 10 * Math.log10(Math.max(e, FLOOR_POWER));
            }
        }
        return scale(db, config.rangeDb(), config.headroomDb());
    }

    static float[] scale(double[] db, double rangeDb) {
        return scale(db, rangeDb, 0);
    }

    /* Per-clip min-max scaling with a dynamic-range floor; see the class comment, step 5. */
    static float[] scale(double[] db, double rangeDb, double headroomDb) {
        double top = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (double d : db) {
            top = Math.max(top, d);
            min = Math.min(min, d);
        }
        double bottom = Math.max(min, top - rangeDb);
        float[] out = new float[db.length];
        if (!(top - bottom > 0)) {
            return out; // silent or constant clip: nothing to code
        }
        // With headroom the loudest headroomDb map to 1; if that covers the whole range, all but the bottom do.
        double span = Math.max(top - headroomDb - bottom, 1e-9);
        for (int i = 0; i < db.length; i++) {
            double v = (db[i] - bottom) / span;
            out[i] = (float) Math.min(1, Math.max(0, v));
        }
        return out;
    }
}
