package org.spikecoder.cli;

import java.util.SplittableRandom;

import org.spikecoder.SpikecoderException;
import org.spikecoder.audio.DigitSet;
import org.spikecoder.audio.SpectrogramConfig;
import org.spikecoder.audio.SpokenDigits;
import org.spikecoder.audiocoder.PairedClips;
import org.spikecoder.data.DataLocator;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.data.ImageDatasets;
import org.spikecoder.engine.ImageSamples;
import org.spikecoder.engine.SampleSource;
import org.spikecoder.model.NetworkSpec;

/**
 * The real training samples {@code bench --dataset} times on: images for an autoencoder, or FSDD spectrograms for an
 * audiocoder, whose sparsity (silent padding after a short clip) is what the event-driven kernels exploit and what
 * synthetic rates do not have.
 */
final class BenchSamples {
    /** Steps of the random targets given to audiocoder samples (the paper's Th for pairing A). */
    static final int TARGET_STEPS = 15;

    private BenchSamples() {
    }

    static SampleSource load(DataLocator data, String dataset, NetworkSpec net, long seed) {
        if (dataset.equals("fsdd")) {
            return spokenDigits(data, net, seed);
        }
        ImageDataset images = ImageDatasets.load(data, dataset, true, 0);
        if (images.pixelsPerImage() != net.inputSize()) {
            throw new SpikecoderException("--dataset " + dataset + " has " + images.pixelsPerImage()
                    + " inputs per image but --sizes starts with " + net.inputSize());
        }
        return ImageSamples.all(images);
    }

    static String describe(String dataset) {
        return dataset.equals("fsdd") ? "fsdd training spectrograms, random " + TARGET_STEPS + "-step targets"
                : dataset + " training images";
    }

    private static SampleSource spokenDigits(DataLocator data, NetworkSpec net, long seed) {
        int channels = SpectrogramConfig.CHANNELS;
        if (net.inputSize() % channels != 0) {
            throw new SpikecoderException("--dataset fsdd needs --sizes to start with a multiple of " + channels
                    + " (39 channels x frames), got " + net.inputSize());
        }
        int frames = net.inputSize() / channels;
        SpectrogramConfig config = frames == SpectrogramConfig.PAPER_FRAMES ? SpectrogramConfig.paper()
                : SpectrogramConfig.defaults().withFrames(frames, SpectrogramConfig.defaults().hop());
        DigitSet clips = SpokenDigits.loadFsdd(data, config).train();
        int out = net.outputSize();
        float[] targets = new float[clips.count() * TARGET_STEPS * out];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < targets.length; i++) {
            targets[i] = rnd.nextDouble() < 0.3 ? 1f : 0f;
        }
        return new PairedClips(clips, targets, TARGET_STEPS, out);
    }
}
