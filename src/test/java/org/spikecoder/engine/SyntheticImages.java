package org.spikecoder.engine;

import java.util.Random;

import org.spikecoder.data.ImageDataset;

/** Small seeded image sets for tests: bright bars and blobs on a dark background, like strokes of digits. */
public final class SyntheticImages {
    private SyntheticImages() {
    }

    public static ImageDataset bars(int count, int rows, int cols, long seed) {
        Random rnd = new Random(seed);
        float[] px = new float[count * rows * cols];
        byte[] labels = new byte[count];
        for (int n = 0; n < count; n++) {
            int label = rnd.nextInt(10);
            labels[n] = (byte) label;
            boolean vertical = label % 2 == 0;
            int pos = 1 + (label * 7 + rnd.nextInt(3)) % Math.max(1, (vertical ? cols : rows) - 2);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    boolean on = vertical ? Math.abs(c - pos) <= 1 : Math.abs(r - pos) <= 1;
                    px[(n * rows + r) * cols + c] = on ? 0.6f + 0.4f * rnd.nextFloat() : 0f;
                }
            }
        }
        return new ImageDataset("synthetic", rows, cols, px, labels);
    }
}
