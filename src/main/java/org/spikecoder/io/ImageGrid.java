package org.spikecoder.io;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * PNG grids of small images, e.g. digits next to their reconstructions as in the paper's Fig. 5B.
 *
 * <p>Each map is min-max normalised on its own to grey levels {@code round(255 * (v - min) / (max - min))}, so
 * intensities in [0, 1] and spike counts in [0, T] both fill the grey range; a constant map is drawn black, as are
 * non-finite values. Each source pixel becomes a {@code scale x scale} block.
 *
 * <p>Layout: a grid of cells, {@code c = min(perRow, count)} cells per row and {@code ceil(count / c)} rows of
 * cells. A cell holds {@code k} tiles ({@code k = 2} for pairs: input left, output right) separated by {@code g =
 * scale} pixels; cells are separated from each other and from the border by {@code 2g} pixels of a blue-grey that no
 * grey pixel can be mistaken for. So, with {@code w = cols * scale} and {@code h = rows * scale}:
 * <pre>
 * width  = 2g + c * (k*w + (k-1)*g + 2g)
 * height = 2g + ceil(count / c) * (h + 2g)
 * </pre>
 */
public final class ImageGrid {
    private static final int BACKGROUND = 0x304070;

    private ImageGrid() {
    }

    /**
     * Writes input / output pairs side by side, atomically.
     *
     * @param inputs  at least {@code count * rows * cols} values, image after image, row-major. Not modified.
     * @param outputs the same layout as {@code inputs}. Not modified.
     * @param count   how many pairs to draw (the first {@code count})
     * @param perRow  pairs per row of the grid
     * @param scale   screen pixels per image pixel, along each axis
     * @throws IllegalArgumentException for non-positive sizes or arrays too short
     * @throws org.spikecoder.SpikecoderException when the file cannot be written
     */
    public static void writePairs(Path png, float[] inputs, float[] outputs, int count, int rows, int cols,
                                  int perRow, int scale) {
        write(png, render(new float[][]{inputs, outputs}, count, rows, cols, perRow, scale));
    }

    /** Writes {@code count} images in a grid, {@code perRow} per row, atomically; arguments as for writePairs. */
    public static void writeGrid(Path png, float[] images, int count, int rows, int cols, int perRow, int scale) {
        write(png, render(new float[][]{images}, count, rows, cols, perRow, scale));
    }

    /** The grid as an RGB image, laid out as the class comment says. Sources not modified. */
    static BufferedImage render(float[][] sources, int count, int rows, int cols, int perRow, int scale) {
        if (count <= 0 || rows <= 0 || cols <= 0 || perRow <= 0 || scale <= 0) {
            throw new IllegalArgumentException("count, rows, cols, perRow and scale must be positive: " + count
                    + ", " + rows + ", " + cols + ", " + perRow + ", " + scale);
        }
        int n = rows * cols;
        for (float[] s : sources) {
            if (s.length < (long) count * n) {
                throw new IllegalArgumentException(count + " images of " + rows + "x" + cols + " need "
                        + (long) count * n + " values, got " + s.length);
            }
        }
        int k = sources.length;
        int g = scale;
        int tileW = cols * scale;
        int tileH = rows * scale;
        int cells = Math.min(perRow, count);
        int gridRows = (count + cells - 1) / cells;
        long width = 2L * g + (long) cells * (k * tileW + (k - 1) * g + 2 * g);
        long height = 2L * g + (long) gridRows * (tileH + 2 * g);
        if (width * height > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image is too large");
        }
        BufferedImage img = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        java.util.Arrays.fill(rgb, BACKGROUND);
        int[] grey = new int[n];
        for (int i = 0; i < count; i++) {
            int cellX = 2 * g + (i % cells) * (k * tileW + (k - 1) * g + 2 * g);
            int y0 = 2 * g + (i / cells) * (tileH + 2 * g);
            for (int t = 0; t < k; t++) {
                normalise(sources[t], i * n, n, grey);
                int x0 = cellX + t * (tileW + g);
                for (int r = 0; r < rows * scale; r++) {
                    int rowBase = (y0 + r) * (int) width + x0;
                    int srcRow = (r / scale) * cols;
                    for (int c = 0; c < cols * scale; c++) {
                        int v = grey[srcRow + c / scale];
                        rgb[rowBase + c] = v << 16 | v << 8 | v;
                    }
                }
            }
        }
        return img;
    }

    /* Min-max normalisation of one map to 0..255; see the class comment. grey is Modified. */
    private static void normalise(float[] src, int off, int n, int[] grey) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = src[off + i];
            if (Float.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        double range = max - min;
        for (int i = 0; i < n; i++) {
            float v = src[off + i];
            grey[i] = range > 0 && Float.isFinite(v) ? (int) Math.round(255 * ((v - min) / range)) : 0;
        }
    }

    /* PNG through ImageIO's writer directly with an in-memory cache: ImageIO.write would cache in java.io.tmpdir. */
    static void write(Path png, BufferedImage img) {
        AtomicFiles.write(png, out -> {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
            if (!writers.hasNext()) {
                throw new IOException("this Java runtime has no PNG encoder");
            }
            ImageWriter w = writers.next();
            try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                w.setOutput(ios);
                w.write(img);
            } finally {
                w.dispose();
            }
        });
    }
}
