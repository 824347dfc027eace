package org.spikecoder.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spikecoder.SpikecoderException;

class PairingTest {
    private static byte[] imageLabels(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] l = new byte[n];
        for (int i = 0; i < n; i++) {
            l[i] = (byte) (i < 10 ? 9 - i : r.nextInt(10)); // every class present; the first images are 9, 8, ...
        }
        return l;
    }

    private static int[] clipLabels(int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = (i * 7) % 10;
        }
        return l;
    }

    @Test
    void datasetAPicksTheFirstImageOfEachClass() {
        byte[] img = imageLabels(1000, 42);
        int[] cls = Pairing.classImages(img);
        for (int d = 0; d < 10; d++) {
            assertEquals(9 - d, cls[d]);
            assertEquals(d, img[cls[d]]);
        }
        int[] clips = clipLabels(93);
        int[] pairs = Pairing.datasetA(clips, cls);
        for (int i = 0; i < clips.length; i++) {
            assertEquals(cls[clips[i]], pairs[i]);
        }
    }

    @Test
    void datasetBIsSeededAndLabelConsistent() {
        byte[] img = imageLabels(1000, 42);
        int[] clips = clipLabels(2700);
        int[] a = Pairing.datasetB(img, clips, 42);
        assertArrayEquals(a, Pairing.datasetB(img, clips, 42));
        assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(Pairing.datasetB(img, clips, 43)));
        Set<Integer> distinct = new HashSet<>();
        for (int i = 0; i < clips.length; i++) {
            assertEquals(clips[i], img[a[i]], "clip " + i);
            distinct.add(a[i]);
        }
        // ~100 images per class, 270 draws per class: nearly every image gets used, not just a few
        assertTrue(distinct.size() > 800, "distinct images " + distinct.size());
    }

    @Test
    void imagesByLabelListsEveryImageOnce() {
        byte[] img = imageLabels(500, 7);
        int[][] by = Pairing.imagesByLabel(img);
        int total = 0;
        for (int d = 0; d < 10; d++) {
            for (int k = 0; k < by[d].length; k++) {
                assertEquals(d, img[by[d][k]]);
                if (k > 0) {
                    assertTrue(by[d][k] > by[d][k - 1]);
                }
            }
            total += by[d].length;
        }
        assertEquals(500, total);
    }

    @Test
    void missingClassesAndBadLabelsAreErrors() {
        assertThrows(SpikecoderException.class, () -> Pairing.classImages(new byte[]{0, 1, 2}));
        byte[] img = imageLabels(100, 1);
        assertThrows(SpikecoderException.class, () -> Pairing.datasetB(img, new int[]{10}, 1));
        assertThrows(SpikecoderException.class, () -> Pairing.datasetA(new int[]{-1}, Pairing.classImages(img)));
    }
}
