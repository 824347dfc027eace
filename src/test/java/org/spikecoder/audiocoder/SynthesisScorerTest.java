package org.spikecoder.audiocoder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.spikecoder.data.ImageDataset;

class SynthesisScorerTest {

    @Test
    void classAccuracyCountsClipsNearestToTheirOwnClassImage() {
        // 4 x 4 images; digit d's class image lights pixel d alone, so after z-scoring all class images are
        // equally far apart and an output lighting pixel d is nearest to digit d.
        int ppi = 16;
        float[] px = new float[10 * ppi];
        byte[] labels = new byte[10];
        for (int d = 0; d < 10; d++) {
            px[d * ppi + d] = 1;
            labels[d] = (byte) d;
        }
        ImageDataset images = new ImageDataset("t", 4, 4, px, labels);
        int[] classImages = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        SynthesisScorer scorer = new SynthesisScorer(images, "A", classImages, new int[0]);
        float[] outputs = new float[4 * ppi];
        outputs[3] = 7; // clip 0 looks like a 3
        outputs[ppi + 5] = 2; // clip 1 looks like a 5
        outputs[2 * ppi + 1] = 4; // clip 2 looks like a 1
        outputs[3 * ppi + 8] = 1; // clip 3: equally near to 8 and 9, a tie
        outputs[3 * ppi + 9] = 1;
        assertEquals(0.5, scorer.classAccuracy(outputs, new int[] {3, 5, 2, 8}), 1e-12, "clips 2 and 3 wrong");
        assertEquals(0.75, scorer.classAccuracy(outputs, new int[] {3, 5, 1, 9}), 1e-12, "the tie counts as wrong");
    }
}
