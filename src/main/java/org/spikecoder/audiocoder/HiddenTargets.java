package org.spikecoder.audiocoder;

import java.util.Arrays;

import org.spikecoder.data.ImageDataset;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.ImageSamples;
import org.spikecoder.engine.SampleSource;
import org.spikecoder.engine.Trainer;

/**
 * The audiocoder's targets: the trained autoencoder's hidden-layer spike maps of the paired images (the paper's
 * section 4.2). The autoencoder runs its own T steps on each distinct image once; the first Th steps are kept.
 */
public final class HiddenTargets {
    private HiddenTargets() {
    }

    /**
     * @param autoencoder backend holding the trained autoencoder (its config's T and batch are used)
     * @param images      the images the pairing indexes
     * @param pairedImage image index of each clip. Not modified.
     * @param steps       Th, at most the autoencoder's T
     * @return clip count x Th x hidden size spikes (0/1)
     */
    public static float[] forClips(Backend autoencoder, ImageDataset images, int[] pairedImage, int steps) {
        int[] distinct = Arrays.stream(pairedImage).distinct().sorted().toArray();
        SampleSource chosen = new ImageSamples(images, distinct);
        int width = autoencoder.network().size(1);
        float[] maps = new Trainer(autoencoder).spikeMaps(chosen, 1, steps);
        int per = steps * width;
        float[] out = new float[pairedImage.length * per];
        for (int c = 0; c < pairedImage.length; c++) {
            int k = Arrays.binarySearch(distinct, pairedImage[c]);
            System.arraycopy(maps, k * per, out, c * per, per);
        }
        return out;
    }
}
