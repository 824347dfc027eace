package org.spikecoder.ann;

/** Activation of an ANN layer. */
public enum Activation {
    /** max(0, z); derivative 1 where z > 0, else 0 (the authors' code, ae: {@code da_dz = z > 0}). */
    RELU,
    /** z; derivative 1. */
    IDENTITY;

    float apply(float z) {
        return this == RELU ? Math.max(0f, z) : z;
    }

    float derivative(float z) {
        return this == IDENTITY || z > 0 ? 1f : 0f;
    }

    /** The name used in ann.json and on the command line. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Activation fromJson(String s) {
        return valueOf(s.toUpperCase(java.util.Locale.ROOT));
    }
}
