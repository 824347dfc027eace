package org.spikecoder.io.nir;

import java.util.Arrays;

/**
 * One numeric dataset of a NIR node: its HDF5 element type, its shape and its values in row-major order. float32
 * values stay floats (a weight read back is bit for bit the one written, and a large layer takes no more memory than
 * spikecoder's own copy); float64 and integer values are held as doubles, which represent every value a NIR file of
 * a spiking network holds (shapes, time constants) exactly.
 */
public final class NirTensor {

    /** Element types on disk; an integer dataset of any width reads as INT64. */
    public enum Type { FLOAT32, FLOAT64, INT64 }

    private final Type type;
    private final int[] shape;
    private final float[] floats;   // FLOAT32 only
    private final double[] doubles; // FLOAT64 and INT64

    private NirTensor(Type type, int[] shape, float[] floats, double[] doubles) {
        this.type = type;
        this.shape = shape.clone();
        this.floats = floats;
        this.doubles = doubles;
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        int have = floats != null ? floats.length : doubles.length;
        if (n != have) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + have);
        }
    }

    /** float32 values of any shape, row-major. Not modified; copied. */
    public static NirTensor ofFloats(int[] shape, float[] rowMajor) {
        return new NirTensor(Type.FLOAT32, shape, rowMajor.clone(), null);
    }

    /** float64 ({@code type} FLOAT64) or integer ({@code type} INT64) values of any shape. Not modified; copied. */
    public static NirTensor ofDoubles(Type type, int[] shape, double[] rowMajor) {
        if (type == Type.FLOAT32) {
            throw new IllegalArgumentException("float32 values are made with ofFloats");
        }
        return new NirTensor(type, shape, null, rowMajor.clone());
    }

    /** A float32 matrix of {@code rows x cols} values, row-major, e.g. a weight of shape (out, in). */
    public static NirTensor float32(int rows, int cols, float[] rowMajor) {
        return ofFloats(new int[] {rows, cols}, rowMajor);
    }

    /** A float64 vector, e.g. one neuron parameter per neuron. */
    public static NirTensor float64(double... values) {
        return ofDoubles(Type.FLOAT64, new int[] {values.length}, values);
    }

    /** A float64 vector of {@code n} copies of {@code value}. */
    public static NirTensor filled(int n, double value) {
        double[] v = new double[n];
        Arrays.fill(v, value);
        return float64(v);
    }

    /** An int64 vector, e.g. the shape of an Input or Output node. */
    public static NirTensor int64(long... values) {
        double[] v = new double[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        return ofDoubles(Type.INT64, new int[] {values.length}, v);
    }

    public Type type() {
        return type;
    }

    /** Dimensions; empty for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return floats != null ? floats.length : doubles.length;
    }

    public double get(int i) {
        return floats != null ? floats[i] : doubles[i];
    }

    /** The values as float32, the precision of spikecoder's weights; a copy. */
    public float[] toFloats() {
        if (floats != null) {
            return floats.clone();
        }
        float[] f = new float[doubles.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) doubles[i];
        }
        return f;
    }

    /** The values as doubles; a copy. */
    public double[] toDoubles() {
        double[] d = new double[size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = get(i);
        }
        return d;
    }

    /*
     * The Java array jhdf writes for this tensor: it takes the shape from the array's nesting (float[][] is 2-D), a
     * boxed number is a scalar dataset, and long[] is int64 as NIR's Input and Output shapes are.
     */
    Object toJhdfArray() {
        if (rank() == 0) {
            return switch (type) {
                case FLOAT32 -> floats[0];
                case FLOAT64 -> doubles[0];
                case INT64 -> (long) doubles[0];
            };
        }
        if (rank() == 1) {
            return switch (type) {
                case FLOAT32 -> floats.clone();
                case FLOAT64 -> doubles.clone();
                case INT64 -> Arrays.stream(doubles).mapToLong(v -> (long) v).toArray();
            };
        }
        if (rank() == 2 && type == Type.FLOAT32) {
            float[][] m = new float[shape[0]][shape[1]];
            for (int r = 0; r < shape[0]; r++) {
                System.arraycopy(floats, r * shape[1], m[r], 0, shape[1]);
            }
            return m;
        }
        if (rank() == 2 && type == Type.FLOAT64) {
            double[][] m = new double[shape[0]][shape[1]];
            for (int r = 0; r < shape[0]; r++) {
                System.arraycopy(doubles, r * shape[1], m[r], 0, shape[1]);
            }
            return m;
        }
        throw new IllegalArgumentException("cannot write a " + this + " dataset (spikecoder writes scalars, vectors"
                + " and float matrices)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NirTensor t && type == t.type && Arrays.equals(shape, t.shape)
                && Arrays.equals(floats, t.floats) && Arrays.equals(doubles, t.doubles);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + (floats != null ? Arrays.hashCode(floats) : Arrays.hashCode(doubles));
    }

    @Override
    public String toString() {
        return type.name().toLowerCase(java.util.Locale.ROOT) + Arrays.toString(shape);
    }
}
