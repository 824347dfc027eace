package org.spikecoder.ann;

import java.util.stream.IntStream;

/**
 * Weight update rules for the ANN baselines, one {@link #step} per batch. Weight decay is L2: {@code wd * w} is added
 * to the gradient of each decayed array (weights, not biases) before the rule is applied.
 *
 * <p>The authors' code differs in two details, noted here because the paper's numbers came from it: its SGD shrinks
 * {@code w <- w (1 - wd) - lr g} (decay not scaled by lr), and its Adam applies no weight decay; pass
 * {@code --weight-decay 0} to match the latter.
 */
public abstract class AnnOptimizer {
    private static final int CHUNK = 1 << 14;

    private long steps;

    /** Plain SGD: {@code w <- w - lr (g + wd w)}. */
    public static AnnOptimizer sgd(double lr, double weightDecay) {
        return new Sgd(lr, weightDecay);
    }

    /**
     * Adam (Kingma &amp; Ba 2015), moments kept across the whole run, bias-corrected by the step count t:
     * <pre>
     * g' = g + wd w;  m = b1 m + (1-b1) g';  v = b2 v + (1-b2) g'^2
     * w <- w - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
     * </pre>
     */
    public static AnnOptimizer adam(double lr, double weightDecay, double beta1, double beta2, double eps) {
        return new Adam(lr, weightDecay, beta1, beta2, eps);
    }

    /** Updates run so far. */
    public long steps() {
        return steps;
    }

    /**
     * One update of every array.
     *
     * @param params the parameter arrays. Modified.
     * @param grads  gradients of the same shapes. Not modified.
     * @param decay  per array: whether weight decay applies
     */
    public final void step(float[][] params, float[][] grads, boolean[] decay) {
        if (params.length != grads.length || params.length != decay.length) {
            throw new IllegalArgumentException(params.length + " parameter arrays, " + grads.length + " gradients, "
                    + decay.length + " decay flags");
        }
        steps++;
        begin(params);
        for (int k = 0; k < params.length; k++) {
            float[] p = params[k];
            float[] g = grads[k];
            if (p.length != g.length) {
                throw new IllegalArgumentException("array " + k + ": " + p.length + " parameters, " + g.length
                        + " gradients");
            }
            int slot = k;
            boolean d = decay[k];
            int chunks = (p.length + CHUNK - 1) / CHUNK;
            IntStream.range(0, chunks).parallel().forEach(c -> update(slot, p, g, d, c * CHUNK,
                    Math.min(p.length, (c + 1) * CHUNK)));
        }
    }

    void begin(float[][] params) {
    }

    abstract void update(int slot, float[] p, float[] g, boolean decay, int from, int to);

    /** A one-line description for logs and metrics. */
    public abstract String describe();

    private static final class Sgd extends AnnOptimizer {
        private final float lr;
        private final float wd;

        Sgd(double lr, double wd) {
            this.lr = (float) lr;
            this.wd = (float) wd;
        }

        @Override
        void update(int slot, float[] p, float[] g, boolean decay, int from, int to) {
            float w = decay ? wd : 0f;
            for (int i = from; i < to; i++) {
                p[i] -= lr * (g[i] + w * p[i]);
            }
        }

        @Override
        public String describe() {
            return "sgd lr " + lr + " wd " + wd;
        }
    }

    private static final class Adam extends AnnOptimizer {
        private final double lr;
        private final float wd;
        private final float beta1;
        private final float beta2;
        private final float eps;
        private float[][] m;
        private float[][] v;
        private float c1;
        private float c2;

        Adam(double lr, double wd, double beta1, double beta2, double eps) {
            this.lr = lr;
            this.wd = (float) wd;
            this.beta1 = (float) beta1;
            this.beta2 = (float) beta2;
            this.eps = (float) eps;
        }

        @Override
        void begin(float[][] params) {
            if (m == null) {
                m = new float[params.length][];
                v = new float[params.length][];
                for (int k = 0; k < params.length; k++) {
                    m[k] = new float[params[k].length];
                    v[k] = new float[params[k].length];
                }
            } else if (m.length != params.length) {
                throw new IllegalArgumentException("Adam was started with " + m.length + " arrays, now given "
                        + params.length);
            }
            c1 = (float) (1 - Math.pow(beta1, steps()));
            c2 = (float) (1 - Math.pow(beta2, steps()));
        }

        @Override
        void update(int slot, float[] p, float[] g, boolean decay, int from, int to) {
            float[] mk = m[slot];
            float[] vk = v[slot];
            float w = decay ? wd : 0f;
            float a = (float) lr;
            for (int i = from; i < to; i++) {
                float gi = g[i] + w * p[i];
                float mi = beta1 * mk[i] + (1 - beta1) * gi;
                float vi = beta2 * vk[i] + (1 - beta2) * gi * gi;
                mk[i] = mi;
                vk[i] = vi;
                p[i] -= a * (mi / c1) / ((float) Math.sqrt(vi / c2) + eps);
            }
        }

        @Override
        public String describe() {
            return "adam lr " + lr + " wd " + wd + " betas " + beta1 + "/" + beta2 + " eps " + eps;
        }
    }
}
