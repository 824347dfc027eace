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
            float[] layer = new float[Math.toIntExact(net.weightCount(l))];
            int[] out = new int[4];
            for (int i = 0; i < layer.length; i += 4) {
                Philox.philox4x32(i >>> 2, l, 0, Philox.STREAM_INIT, (int) config.seed(), (int) (config.seed() >>> 32),
                        out);
                for (int k = 0; k < 4 && i + k < layer.length; k++) {
                    layer[i + k] = (2f * Philox.uniform24(out[k]) - 1f) * a;
                }
            }
            w[l - 1] = layer;
        }
        return w;
    }
}
