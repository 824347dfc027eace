package org.spikecoder.data;

/**
 * Images as firing intensities in [0, 1] (pixel / 255), row-major, one image after another, with their labels.
 *
 * @param name   e.g. "mnist/train"
 * @param pixels count x (rows * cols) intensities. Not modified by anyone after construction.
 */
public record ImageDataset(String name, int rows, int cols, float[] pixels, byte[] labels) {
    public ImageDataset {
        if (labels != null && (long) labels.length * rows * cols != pixels.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for "
                    + pixels.length / Math.max(1, rows * cols) + " images");
        }
    }

    public int count() {
        return pixels.length / pixelsPerImage();
    }

    public int pixelsPerImage() {
        return rows * cols;
    }

    public int label(int i) {
        return labels[i] & 0xFF;
    }

    /** Images {@code from .. count - 1}, e.g. the last images of a training set held out for validation. */
    public ImageDataset from(int from) {
        if (from < 0 || from > count()) {
            throw new IllegalArgumentException("from " + from + " outside 0.." + count());
        }
        int ppi = pixelsPerImage();
        float[] p = java.util.Arrays.copyOfRange(pixels, from * ppi, count() * ppi);
        byte[] l = labels == null ? null : java.util.Arrays.copyOfRange(labels, from, labels.length);
        return new ImageDataset(name, rows, cols, p, l);
    }

    /** The first {@code n} images (all when n <= 0 or n >= count). */
    public ImageDataset limit(int n) {
        if (n <= 0 || n >= count()) {
            return this;
        }
        float[] p = java.util.Arrays.copyOf(pixels, n * pixelsPerImage());
        byte[] l = labels == null ? null : java.util.Arrays.copyOf(labels, n);
        return new ImageDataset(name, rows, cols, p, l);
    }
}
