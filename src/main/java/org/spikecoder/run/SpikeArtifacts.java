package org.spikecoder.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.spikecoder.data.ImageDataset;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.EvalResult;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.engine.ImageSamples;
import org.spikecoder.engine.Trainer;
import org.spikecoder.io.AtomicFiles;
import org.spikecoder.io.Charts;
import org.spikecoder.io.Npy;
import org.spikecoder.model.NetworkSpec;

/**
 * The spikes an autoencoder's evaluation leaves for looking at and analysing: {@code spikes.png}, a raster of the
 * input, hidden and output spikes of the first few images, and {@code <split>_hidden_spikes.npy}, the hidden
 * layer's spike maps of every evaluated image, shape (N, T, H), uint8.
 */
public final class SpikeArtifacts {
    /** Images drawn in spikes.png. */
    public static final int RASTER_IMAGES = 3;
    public static final String RASTER_FILE = "spikes.png";

    private SpikeArtifacts() {
    }

    public static String hiddenSpikesFile(String split) {
        return split + "_hidden_spikes.npy";
    }

    /**
     * Evaluates {@code data} as {@link Trainer#evaluate(ImageDataset, int, TrainListener)} does, streaming the
     * hidden layer's spikes into {@code npy} batch by batch (10,000 MNIST images, T 15, H 196: 29 MB), so they are
     * never all in memory. The file appears, complete, only when the evaluation finished.
     */
    public static EvalResult evaluateWithHiddenSpikes(Trainer trainer, Backend backend, ImageDataset data, int keep,
                                                      TrainListener listener, Path npy) {
        NetworkSpec net = backend.network();
        int steps = backend.config().steps();
        int hidden = net.size(1);
        int per = steps * hidden;
        EvalResult[] result = new EvalResult[1];
        AtomicFiles.write(npy, out -> {
            out.write(Npy.uint8Header(data.count(), steps, hidden));
            try {
                result[0] = trainer.evaluate(data, keep, listener, 1, (first, count, spikes) -> {
                    try {
                        out.write(spikes, 0, count * per);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause(); // AtomicFiles names the file and deletes the partial one
            }
        });
        return result[0];
    }

    /** spikes.png: input, hidden and output spikes over the T steps of the first {@link #RASTER_IMAGES} images. */
    public static void writeRaster(Path png, Trainer trainer, Backend backend, ImageDataset data, String split) {
        int k = Math.min(RASTER_IMAGES, Math.min(data.count(), backend.config().batchSize()));
        if (k == 0) {
            return;
        }
        int[] ids = new int[k];
        for (int i = 0; i < k; i++) {
            ids[i] = i;
        }
        byte[][] all = trainer.spikeRasters(ImageSamples.all(data), ids);
        NetworkSpec net = backend.network();
        int steps = backend.config().steps();
        int layers = net.layers() + 1;
        int[] sizes = new int[layers];
        String[] names = new String[layers];
        for (int l = 0; l < layers; l++) {
            sizes[l] = net.size(l);
            names[l] = l == 0 ? "input" : l == layers - 1 ? "output" : "hidden";
        }
        byte[][][] rasters = new byte[k][layers][];
        String[] samples = new String[k];
        for (int s = 0; s < k; s++) {
            for (int l = 0; l < layers; l++) {
                int per = steps * sizes[l];
                rasters[s][l] = Arrays.copyOfRange(all[l], s * per, (s + 1) * per);
            }
            samples[s] = split + " image " + s + (data.labels() != null ? " (label " + data.label(s) + ")" : "");
        }
        Charts.spikeRasters(png, rasters, steps, sizes, names, samples);
    }
}
