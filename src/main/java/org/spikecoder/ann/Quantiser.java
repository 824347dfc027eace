package org.spikecoder.ann;

/**
 * Quantises hidden activations to {@code L = 2^bits} evenly spaced levels on {@code [0, max]}, for the AC-ANN baseline
 * (the AE-ANN hidden vector quantised to 2^Th levels, paper section 4.2):
 * <pre>
 * k(v) = round(clamp(v, 0, max) / max * (L - 1))     q(v) = k(v) * max / (L - 1)
 * </pre>
 * <p>Range choice (the paper is silent): one fixed range for all vectors, from 0 (ReLU outputs are never negative) to
 * {@code max}, normally the largest hidden activation over the training set ({@link #fit}). A fixed range keeps the
 * magnitudes the AE's decoder W2 was trained on; a per-vector min-max range would rescale every vector differently.
 * Values above {@code max} (test images) clamp to {@code max}. Ties round up.
 *
 * <p>Properties, all tested: exactly L distinct outputs; 0 and max map to themselves exactly; q(q(v)) = q(v); q is
 * non-decreasing. Pure: no state besides the two fields.
 *
 * @param bits Th, 1 to 16
 * @param max  the top of the range, finite and >= 0 (0 maps everything to 0)
 */
public record Quantiser(int bits, float max) {
    public Quantiser {
        if (bits < 1 || bits > 16) {
            throw new IllegalArgumentException("bits must be 1 to 16, got " + bits);
        }
        if (!(max >= 0) || !Float.isFinite(max)) {
            throw new IllegalArgumentException("max must be finite and >= 0, got " + max);
        }
    }

    /** A quantiser whose range tops at the largest of {@code activations} (not modified). */
    public static Quantiser fit(int bits, float[] activations) {
        float m = 0f;
        for (float a : activations) {
            if (a > m) {
                m = a;
            }
        }
        return new Quantiser(bits, m);
    }

    /** L = 2^bits. */
    public int levels() {
        return 1 << bits;
    }

    /** The level index k(v) in 0..L-1; NaN maps to 0. */
    public int level(float v) {
        if (max == 0f || !(v > 0f)) {
            return 0;
        }
        if (v >= max) {
            return levels() - 1;
        }
        double k = Math.floor((double) v / max * (levels() - 1) + 0.5);
        return (int) Math.min(k, levels() - 1);
    }

    /** The value of level k; level L-1 is exactly max. */
    public float value(int k) {
        if (k < 0 || k >= levels()) {
            throw new IllegalArgumentException("level " + k + " outside 0.." + (levels() - 1));
        }
        return k == levels() - 1 ? max : (float) ((double) k * max / (levels() - 1));
    }

    public float quantise(float v) {
        return value(level(v));
    }

    /** Quantises every element into a new array; {@code v} not modified. */
    public float[] quantise(float[] v) {
        float[] q = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            q[i] = quantise(v[i]);
        }
        return q;
    }
}
