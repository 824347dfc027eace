package org.spikecoder.engine;

/**
 * The paper's reconstruction metrics, as its code computes them: each map is z-scored per image (mean 0, sample
 * standard deviation 1, MATLAB's {@code zscore}; a constant map becomes all zeros) and the mean squared error is
 * taken between the two z-scored maps.
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

    /** Converts spike counts to floats for the metric functions. */
    public static float[] toFloat(int[] counts) {
        float[] f = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            f[i] = counts[i];
        }
        return f;
    }
}
