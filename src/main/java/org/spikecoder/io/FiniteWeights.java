package org.spikecoder.io;

/**
 * Finds the first weight that is NaN or infinite. A diverged run can keep a finite loss (NaN weights fire no spikes,
 * so the output error stays bounded), so only the weights themselves tell that training broke down.
 */
public final class FiniteWeights {
    private FiniteWeights() {
    }

    /**
     * @param weights one array per layer. Not modified.
     * @return e.g. "layer 1 weight 37 is NaN", or null when every weight is finite
     */
    public static String firstNonFinite(float[][] weights) {
        for (int l = 0; l < weights.length; l++) {
            float[] w = weights[l];
            for (int i = 0; i < w.length; i++) {
                if (!Float.isFinite(w[i])) {
                    return "layer " + (l + 1) + " weight " + i + " is " + w[i];
                }
            }
        }
        return null;
    }
}
