package org.spikecoder.model;

import java.util.Arrays;

/**
 * Layer sizes of a fully connected spiking network, input first: {784, 196, 784} is the MNIST autoencoder.
 * Layer l (1-based) has weights of shape sizes[l] x sizes[l-1], stored row-major as [post][pre].
 */
public record NetworkSpec(int[] sizes) {
    public NetworkSpec {
        if (sizes == null || sizes.length < 2) {
            throw new IllegalArgumentException("a network needs an input and at least one layer");
        }
        for (int s : sizes) {
            if (s < 1) {
                throw new IllegalArgumentException("layer sizes must be positive: " + Arrays.toString(sizes));
            }
        }
        sizes = sizes.clone();
    }

    public static NetworkSpec of(int... sizes) {
        return new NetworkSpec(sizes);
    }

    /** Number of weight layers. */
    public int layers() {
        return sizes.length - 1;
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    /** Neurons in layer l (0 = input). */
    public int size(int l) {
        return sizes[l];
    }

    /** Weights of layer l (1-based): size(l) * size(l-1). */
    public long weightCount(int l) {
        return (long) sizes[l] * sizes[l - 1];
    }

    /**
     * Checks that {@code weights} has one array per layer of this network's shapes.
     *
     * @throws IllegalArgumentException naming the first layer that does not fit
     */
    public void checkWeights(float[][] weights) {
        if (weights.length != layers()) {
            throw new IllegalArgumentException("expected " + layers() + " weight layers, got " + weights.length);
        }
        for (int l = 1; l <= layers(); l++) {
            if (weights[l - 1].length != weightCount(l)) {
                throw new IllegalArgumentException("layer " + l + ": expected " + weightCount(l) + " weights, got "
                        + weights[l - 1].length);
            }
        }
    }

    @Override
    public int[] sizes() {
        return sizes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkSpec n && Arrays.equals(sizes, n.sizes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sizes.length; i++) {
            sb.append(i == 0 ? "" : "-").append(sizes[i]);
        }
        return sb.toString();
    }
}
