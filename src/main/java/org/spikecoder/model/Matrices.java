package org.spikecoder.model;

/** Row-major float matrices: the one transpose that weight layouts (W post x pre, WT pre x post) go through. */
public final class Matrices {
    private Matrices() {
    }

    /** {@code a} (rows x cols, row-major) as a new cols x rows row-major matrix. */
    public static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }
}
