package org.spikecoder.audiocoder;

import org.spikecoder.data.ImageDataset;
import org.spikecoder.engine.Metrics;

/**
 * Scores a synthesised image (an output spike-count map) against reference images with the paper's metric, MSE
 * between z-scored maps. Dataset B's test score is the lowest MSE over all training images of the clip's label, so
 * the references' z-scores are computed once and cached.
 */
public final class ImageMatcher {
    private final ImageDataset images;
    private final double[][] zscored;

    public ImageMatcher(ImageDataset images) {
        this.images = images;
        this.zscored = new double[images.count()][];
    }

    private double[] z(int image) {
        double[] z = zscored[image];
        if (z == null) {
            z = Metrics.zscore(images.pixels(), image * images.pixelsPerImage(), images.pixelsPerImage());
            zscored[image] = z;
        }
        return z;
    }

    /**
     * Lowest z-scored MSE between {@code output[offset..offset+pixels)} and any of the candidate images.
     *
     * @param candidates indices into the reference images; at least one
     */
    public double bestMse(float[] output, int offset, int[] candidates) {
        int n = images.pixelsPerImage();
        double[] zo = Metrics.zscore(output, offset, n);
        double best = Double.POSITIVE_INFINITY;
        for (int c : candidates) {
            double[] zi = z(c);
            double s = 0;
            for (int i = 0; i < n && s < best * n; i++) {
                double d = zo[i] - zi[i];
                s += d * d;
            }
            best = Math.min(best, s / n);
        }
        return best;
    }
}
