package org.spikecoder.audiocoder;

import java.nio.file.Path;
import java.util.Locale;

import org.spikecoder.SpikecoderException;
import org.spikecoder.audio.Pairing;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.io.ImageGrid;

/**
 * Scores synthesised images the way the paper scores its audio-to-image models (section 4.2), shared by the spiking
 * audiocoder ({@code train-audiocoder}) and the AC-ANN baseline ({@code train-ac-ann}). Each score is the paper's
 * z-scored MSE ({@link ImageMatcher}):
 * <ul>
 * <li>test, pairing A: against the clip's class image;</li>
 * <li>test, pairing B: the lowest over all training images of the clip's digit;</li>
 * <li>train (both): against the image the clip was paired with in training.</li>
 * </ul>
 */
public final class SynthesisScorer {
    private final ImageDataset images;
    private final boolean pairingA;
    private final int[] classImages;
    private final int[] pairedTrain;
    private final int[][] byLabel;
    private final ImageMatcher matcher;

    /**
     * @param images      the autoencoder's training images (references). Not modified.
     * @param pairing     "A" or "B" (any case)
     * @param classImages pairing A's image per digit ({@link Pairing#classImages}). Not modified.
     * @param pairedTrain the image paired with each training clip. Not modified.
     */
    public SynthesisScorer(ImageDataset images, String pairing, int[] classImages, int[] pairedTrain) {
        String p = pairing.toUpperCase(Locale.ROOT);
        if (!p.equals("A") && !p.equals("B")) {
            throw new SpikecoderException("pairing must be A or B, got '" + pairing + "'");
        }
        this.images = images;
        this.pairingA = p.equals("A");
        this.classImages = classImages;
        this.pairedTrain = pairedTrain;
        this.byLabel = Pairing.imagesByLabel(images.labels());
        this.matcher = new ImageMatcher(images);
    }

    /**
     * Mean test score.
     *
     * @param outputs one synthesised image per test clip, clip after clip. Not modified.
     * @param labels  the clips' digits. Not modified.
     */
    public double testMse(float[] outputs, int[] labels) {
        int ppi = images.pixelsPerImage();
        double sum = 0;
        for (int c = 0; c < labels.length; c++) {
            int label = labels[c];
            int[] candidates = pairingA ? new int[] {classImages[label]} : byLabel[label];
            sum += matcher.bestMse(outputs, c * ppi, candidates);
        }
        return sum / labels.length;
    }

    /**
     * Class accuracy: the fraction of clips whose synthesised image is nearer (z-scored MSE) to its own digit's class
     * image than to every other digit's class image ({@code classImages}, pairing A's images, for A and B alike).
     * A tie counts as wrong.
     *
     * @param outputs one synthesised image per clip. Not modified.
     * @param labels  the clips' digits. Not modified.
     */
    public double classAccuracy(float[] outputs, int[] labels) {
        int ppi = images.pixelsPerImage();
        int correct = 0;
        for (int c = 0; c < labels.length; c++) {
            double own = matcher.bestMse(outputs, c * ppi, new int[] {classImages[labels[c]]});
            boolean nearest = true;
            for (int d = 0; d < classImages.length && nearest; d++) {
                nearest = d == labels[c] || matcher.bestMse(outputs, c * ppi, new int[] {classImages[d]}) > own;
            }
            correct += nearest ? 1 : 0;
        }
        return labels.length == 0 ? 0 : (double) correct / labels.length;
    }

    /**
     * Mean training score, against each clip's paired image.
     *
     * @param outputs one synthesised image per training clip, in the order of the pairing. Not modified.
     */
    public double trainMse(float[] outputs) {
        int ppi = images.pixelsPerImage();
        double sum = 0;
        for (int c = 0; c < pairedTrain.length; c++) {
            sum += matcher.bestMse(outputs, c * ppi, new int[] {pairedTrain[c]});
        }
        return sum / pairedTrain.length;
    }

    /**
     * Five test clips per digit, one row per digit (the paper's Fig. 9B), as a PNG.
     *
     * @param outputs one synthesised image per clip. Not modified.
     * @param labels  the clips' digits. Not modified.
     */
    public static void writeGrid(Path png, float[] outputs, int[] labels, int rows, int cols) {
        int ppi = rows * cols;
        int perClass = 5;
        float[] grid = new float[10 * perClass * ppi];
        int[] filled = new int[10];
        for (int c = 0; c < labels.length; c++) {
            int label = labels[c];
            if (filled[label] < perClass) {
                System.arraycopy(outputs, c * ppi, grid, (label * perClass + filled[label]) * ppi, ppi);
                filled[label]++;
            }
        }
        ImageGrid.writeGrid(png, grid, 10 * perClass, rows, cols, perClass, 3);
    }
}
