package org.spikecoder.api;

import java.nio.file.Path;
import java.util.Arrays;

import org.spikecoder.SettingException;
import org.spikecoder.io.ImageGrid;

/** What a {@link Synthesis} gives: one output spike-count map per clip, {@link #height()} x {@link #width()}. */
public final class SynthesisImages {
    private final float[] counts;
    private final int count;
    private final int height;
    private final int width;

    SynthesisImages(float[] counts, int count, int height, int width) {
        this.counts = counts;
        this.count = count;
        this.height = height;
        this.width = width;
    }

    /** The clips, one image each. */
    public int count() {
        return count;
    }

    /** Rows of an image. */
    public int height() {
        return height;
    }

    /** Columns of an image. */
    public int width() {
        return width;
    }

    /** Clip {@code clip}'s output spike counts, row by row; a copy. */
    public float[] counts(int clip) {
        int pixels = height * width;
        return Arrays.copyOfRange(counts, clip * pixels, (clip + 1) * pixels);
    }

    /** Writes clip {@code clip}'s image as a PNG, {@code scale} pixels per image pixel. */
    public void writeImage(int clip, Path png, int scale) {
        if (clip < 0 || clip >= count) {
            throw new IndexOutOfBoundsException("clip " + clip + " of " + count);
        }
        ImageGrid.writeGrid(png, count == 1 ? counts : counts(clip), 1, height, width, 1, checked(scale));
    }

    /** Writes every image, in order, as one PNG grid of {@code perRow} images a row. */
    public void writeGrid(Path png, int perRow, int scale) {
        ImageGrid.writeGrid(png, counts, count, height, width, perRow, checked(scale));
    }

    /** {@code scale} if it is in 1..64 (pixels per image pixel), for a caller that checks it before any work. */
    public static int checked(int scale) {
        if (scale < 1 || scale > 64) {
            throw new SettingException("{scale} must be in 1..64, got %s", scale);
        }
        return scale;
    }
}
