package org.spikecoder.audio;

import java.nio.file.Path;

import org.spikecoder.io.ImageGrid;

/**
 * Draws spectrograms as PNG pictures the usual way round: time left to right, frequency bottom to top (channel 0 at
 * the bottom), brighter = louder, each value a {@code scale x scale} block (through {@link ImageGrid}, which
 * stretches each picture's values to the full grey range and writes atomically).
 */
public final class SpectrogramImage {
    private SpectrogramImage() {
    }

    /**
     * Writes {@code count} spectrograms stacked one per row.
     *
     * @param values   {@code count * frames * channels} values, each clip time-major as {@link Spectrogram#compute}
     *                 returns. Not modified.
     * @param scale    screen pixels per value along each axis
     * @throws org.spikecoder.SpikecoderException when the file cannot be written
     */
    public static void write(Path png, float[] values, int count, int frames, int channels, int scale) {
        int n = frames * channels;
        if (count <= 0 || values.length < (long) count * n) {
            throw new IllegalArgumentException(count + " spectrograms of " + frames + "x" + channels + " need "
                    + (long) count * n + " values, got " + values.length);
        }
        float[] rows = new float[count * n];
        for (int s = 0; s < count; s++) {
            for (int f = 0; f < frames; f++) {
                for (int c = 0; c < channels; c++) {
                    // image row r shows channel channels-1-r, so low frequencies end up at the bottom
                    rows[s * n + (channels - 1 - c) * frames + f] = values[s * n + f * channels + c];
                }
            }
        }
        ImageGrid.writeGrid(png, rows, count, channels, frames, 1, scale);
    }
}
