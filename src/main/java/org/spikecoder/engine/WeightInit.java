package org.spikecoder.engine;

import org.spikecoder.model.InitMode;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.rng.Philox;

/** Seeded weight initialisation, identical for every backend (weights are drawn on the host, then uploaded). */
public final class WeightInit {
    private WeightInit() {
    }

    public static float[][] initialise(NetworkSpec net, TrainConfig config) {
        float[][] w = new float[net.layers()][];
        for (int l = 1; l <= net.layers(); l++) {
            int post = net.size(l);
            int pre = net.size(l - 1);
            float a = config.init() == InitMode.XAVIER
                    ? (float) Math.sqrt(6.0 / (pre + post))
                    : config.initScale();
            float[] layer = uniform(Math.toIntExact(net.weightCount(l)), a, l, SNN_DRAWS, config.seed());
            w[l - 1] = layer;
        }
        return w;
    }

    /** The third Philox counter word of the spiking networks' weights, and of the ANN baselines' (ann.Mlp). */
    public static final int SNN_DRAWS = 0;
    public static final int ANN_DRAWS = 1;

    /**
     * n weights drawn from U(-a, a): element i of layer l is lane i mod 4 of Philox(i / 4, l, draws, STREAM_INIT)
     * keyed by the seed, so a weight does not depend on the layer's other sizes or on the backend.
     */
    public static float[] uniform(int n, float a, int layer, int draws, long seed) {
        float[] w = new float[n];
        int[] out = new int[4];
        for (int i = 0; i < n; i += 4) {
            Philox.philox4x32(i >>> 2, layer, draws, Philox.STREAM_INIT, (int) seed, (int) (seed >>> 32), out);
            for (int k = 0; k < 4 && i + k < n; k++) {
                w[i + k] = (2f * Philox.uniform24(out[k]) - 1f) * a;
            }
        }
        return w;
    }
}
