package org.spikecoder.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {
    @TempDir
    Path dir;

    private static float[] random(long seed, int n, float scale) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * r.nextFloat();
        }
        return a;
    }

    @Test
    void pairsHaveTheDocumentedSize() throws IOException {
        Path png = dir.resolve("pairs.png");
        // 5 pairs of 3x4 images, 2 per row, scale 2: g = 2, tile 8 wide and 6 high
        ImageGrid.writePairs(png, random(1, 60, 1f), random(2, 60, 15f), 5, 3, 4, 2, 2);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(4 + 2 * (2 * 8 + 2 + 4), img.getWidth());
        assertEquals(4 + 3 * (6 + 4), img.getHeight());
    }

    @Test
    void gridHasTheDocumentedSize() throws IOException {
        Path png = dir.resolve("sub/grid.png");
        ImageGrid.writeGrid(png, random(3, 3 * 28 * 28, 1f), 3, 28, 28, 10, 1); // fewer images than perRow
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(2 + 3 * (28 + 2), img.getWidth());
        assertEquals(2 + (28 + 2), img.getHeight());
    }

    @Test
    void eachMapIsStretchedToTheFullGreyRange() {
        float[] in = {0.25f, 0.5f, 0.75f, 0.25f}; // one 2x2 image; 0.5 maps to round(127.5)
        float[] out = {3, 3, 3, 3}; // constant: drawn black
        BufferedImage img = ImageGrid.render(new float[][]{in, out}, 1, 2, 2, 1, 1);
        // first tile starts at (2g, 2g) = (2, 2); the output tile g = 1 pixel to the right of the input tile
        assertEquals(0, img.getRGB(2, 2) & 0xFF);
        assertEquals(128, img.getRGB(3, 2) & 0xFF);
        assertEquals(255, img.getRGB(2, 3) & 0xFF);
        assertEquals(0, img.getRGB(2 + 2 + 1, 2) & 0xFF);
    }

    @Test
    void rejectsArraysTooShort() {
        assertThrows(IllegalArgumentException.class,
                () -> ImageGrid.writeGrid(dir.resolve("x.png"), new float[10], 2, 2, 3, 1, 1));
    }
}
