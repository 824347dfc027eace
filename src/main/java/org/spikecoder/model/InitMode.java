package org.spikecoder.model;

/** Weight initialisation; the paper does not say which it used. */
public enum InitMode {
    /** Uniform Glorot/Xavier: U(-a, a) with a = sqrt(6 / (fan_in + fan_out)). */
    XAVIER,
    /** Uniform U(-s, s) with s = {@link TrainConfig#initScale()} (the authors' code: 0.1). */
    UNIFORM
}
