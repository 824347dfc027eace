package org.spikecoder.engine;

/**
 * The paper's reconstruction metrics, as its code computes them: each map is z-scored per image (mean 0, sample
 * standard deviation 1, MATLAB's {@code zscore}; a constant map becomes all zeros) and the mean squared error is
 * taken between the two z-scored maps.
 *
 * <p>Beside it, the per-pixel MSE later spiking autoencoders report (FSVAE, AAAI 2022; ESVAE): the output spike
 * rate {@code count / T} against the intensity {@code pixel / 255}, both on [0, 1], no normalisation. FSVAE and
 * ESVAE report it on images scaled to [-1, 1]; there every difference is twice as large, so their figures are 4x
 * this one on the same reconstructions.
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Z-scores {@code n} values of {@code x} starting at {@code off} into a new array.
     */
    public static double[] zscore(float[] x, int off, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += x[off + i];
        }
        mean /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = x[off + i] - mean;
            ss += d * d;
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        if (sd == 0) {
            sd = 1; // MATLAB's zscore leaves a constant vector at zero rather than dividing by zero
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = (x[off + i] - mean) / sd;
        }
        return z;
    }

    /** Mean squared error between the z-scores of two maps of one image. */
    public static double zscoredMse(float[] a, int aOff, float[] b, int bOff, int n) {
        double[] za = zscore(a, aOff, n);
        double[] zb = zscore(b, bOff, n);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = za[i] - zb[i];
            s += d * d;
        }
        return s / n;
    }

    /**
     * Per-pixel MSE of one image: the mean over its {@code n} pixels of {@code (counts[i] / steps - pixels[i])^2}.
     *
     * @param pixels intensities pixel / 255 in [0, 1]. Not modified.
     * @param counts output spike counts over {@code steps} time steps. Not modified.
     * @param steps  T, the number of time steps the counts were taken over (at least 1)
     */
    public static double pixelMse(float[] pixels, int pOff, float[] counts, int cOff, int n, int steps) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) counts[cOff + i] / steps - pixels[pOff + i];
            s += d * d;
        }
        return s / n;
    }
}
