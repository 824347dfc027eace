package org.spikecoder.engine;

/** Adam's bias corrections, computed once per step on the host in double and passed to every backend as floats. */
public final class AdamBias {
    private AdamBias() {
    }

    /** 1 / (1 - beta1^t). */
    public static float firstMoment(float beta1, int t) {
        return (float) (1.0 / (1.0 - Math.pow(beta1, t)));
    }

    /** 1 / (1 - beta2^t). */
    public static float secondMoment(float beta2, int t) {
        return (float) (1.0 / (1.0 - Math.pow(beta2, t)));
    }
}
