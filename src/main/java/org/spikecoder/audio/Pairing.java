package org.spikecoder.audio;

import org.spikecoder.SpikecoderException;
import org.spikecoder.rng.Philox;

/**
 * Which MNIST training image each clip must be turned into (the paper's section 4.2).
 *
 * <ul>
 * <li>Dataset A: one fixed image per class, the first training image of that label ({@link #classImages});
 * every clip, train or test, is paired with its class's image ({@link #datasetA}).</li>
 * <li>Dataset B: each training clip i is paired with a random training image of its label,
 * {@code imagesByLabel[d][floor(u * n_d)]}, {@code u = Philox.uniform(seed, i, d, 0, STREAM_PAIRING)},
 * {@code n_d} the number of training images of label d ({@link #datasetB}). A pure function of (seed, clip index,
 * labels): the same on every run and backend. Test clips are scored against every training image of their label
 * ({@link #imagesByLabel}).</li>
 * </ul>
 * Image indices refer to the MNIST training set in file order.
 */
public final class Pairing {
    /** Philox stream for pairing draws, apart from Philox's streams 0-3 (inputs, init, shuffle). */
    public static final int STREAM_PAIRING = 4;
    public static final int CLASSES = 10;

    private Pairing() {
    }

    /**
     * Indices of the training images of each label, ascending.
     *
     * @param imageLabels the MNIST training labels (read with {@code & 0xFF}). Not modified.
     * @return {@code [10][n_d]}
     * @throws SpikecoderException when a label is over 9 or a digit has no image
     */
    public static int[][] imagesByLabel(byte[] imageLabels) {
        int[] count = new int[CLASSES];
        for (int i = 0; i < imageLabels.length; i++) {
            int d = imageLabels[i] & 0xFF;
            if (d >= CLASSES) {
                throw new SpikecoderException("pairing: image " + i + " has label " + d + ", expected 0-9");
            }
            count[d]++;
        }
        int[][] out = new int[CLASSES][];
        for (int d = 0; d < CLASSES; d++) {
            if (count[d] == 0) {
                throw new SpikecoderException("pairing: no training image has label " + d);
            }
            out[d] = new int[count[d]];
        }
        int[] fill = new int[CLASSES];
        for (int i = 0; i < imageLabels.length; i++) {
            int d = imageLabels[i] & 0xFF;
            out[d][fill[d]++] = i;
        }
        return out;
    }

    /** Dataset A's class images: the first training image of each label 0-9. Labels not modified. */
    public static int[] classImages(byte[] imageLabels) {
        int[][] by = imagesByLabel(imageLabels);
        int[] out = new int[CLASSES];
        for (int d = 0; d < CLASSES; d++) {
            out[d] = by[d][0];
        }
        return out;
    }

    /**
     * Dataset A: each clip's class image.
     *
     * @param clipLabels  digits 0-9. Not modified.
     * @param classImages from {@link #classImages}. Not modified.
     */
    public static int[] datasetA(int[] clipLabels, int[] classImages) {
        int[] out = new int[clipLabels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = classImages[checkLabel(clipLabels[i], i)];
        }
        return out;
    }

    /**
     * Dataset B: a seeded random training image of each clip's label (formula in the class comment).
     *
     * @param imageLabels the MNIST training labels. Not modified.
     * @param clipLabels  digits 0-9 of the training clips. Not modified.
     */
    public static int[] datasetB(byte[] imageLabels, int[] clipLabels, long seed) {
        int[][] by = imagesByLabel(imageLabels);
        int[] out = new int[clipLabels.length];
        for (int i = 0; i < out.length; i++) {
            int d = checkLabel(clipLabels[i], i);
            int n = by[d].length;
            int j = (int) ((double) Philox.uniform(seed, i, d, 0, STREAM_PAIRING) * n);
            out[i] = by[d][Math.min(j, n - 1)]; // u <= 1 - 2^-24, so j < n; the min only guards that
        }
        return out;
    }

    private static int checkLabel(int d, int clip) {
        if (d < 0 || d >= CLASSES) {
            throw new SpikecoderException("pairing: clip " + clip + " has label " + d + ", expected 0-9");
        }
        return d;
    }
}
