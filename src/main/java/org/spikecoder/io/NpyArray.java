package org.spikecoder.io;

import java.util.Arrays;

/**
 * A float32 array read from a .npy file: C (row-major) order, so element {@code (i, j, k)} of shape {@code (a, b, c)}
 * is {@code data[(i * b + j) * c + k]}. A 0-dimensional array has shape {@code []} and one element.
 *
 * @param shape the dimensions. Not to be modified.
 * @param data  the elements. Not to be modified by anyone who shares the array.
 */
public record NpyArray(int[] shape, float[] data) {
    /** The number of elements, the product of the dimensions. */
    public int size() {
        return data.length;
    }

    /** E.g. "(2, 3)", as NumPy writes a shape. */
    public String shapeString() {
        return Npy.shapeTuple(shape);
    }

    @Override
    public String toString() {
        return "NpyArray" + shapeString() + Arrays.toString(Arrays.copyOf(data, Math.min(8, data.length)));
    }
}
