package org.spikecoder.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.spikecoder.audio.AudioFiles;
import org.spikecoder.audio.DigitSet;
import org.spikecoder.audio.Spectrogram;
import org.spikecoder.audiocoder.PairedClips;
import org.spikecoder.audiocoder.SynthesisModel;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.engine.Trainer;
import org.spikecoder.io.ImageGrid;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code synthesize}: a spoken digit in, an image of it out, entirely in spikes. */
@Command(name = "synthesize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Turn a recording of a spoken digit into an image with a trained audio-to-image model.",
                "",
                "Reads the clip (WAV or NIST SPHERE, any rate, mixed to mono), makes its spectrogram as in training,"
                        + " runs the audiocoder and the autoencoder's decoder in spikes and writes the output"
                        + " spike-count map as a PNG.",
                ""})
final class SynthesizeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR|FILE",
            description = "A train-audiocoder --out folder or its model.spk.")
    Path model;

    @Option(names = "--wav", required = true, paramLabel = "FILE", description = "The spoken digit (WAV or SPHERE).")
    Path wav;

    @Option(names = "--out", defaultValue = "synthesized.png", paramLabel = "PNG", description = "Image to write. Default: ${DEFAULT-VALUE}.")
    Path png;

    @Option(names = "--scale", defaultValue = "8", paramLabel = "K", description = "Pixels per image pixel. Default: ${DEFAULT-VALUE}.")
    int scale;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.applyLogging();
        if (scale < 1 || scale > 64) {
            throw new org.spikecoder.SpikecoderException("--scale must be in 1..64, got " + scale);
        }
        Path file = Files.isDirectory(model) ? model.resolve(SynthesisModel.FILE_NAME) : model;
        SynthesisModel m = SynthesisModel.read(file);
        Spectrogram spectrogram = new Spectrogram(m.spectrogram());
        float[] input = spectrogram.compute(AudioFiles.read(wav));
        DigitSet clip = new DigitSet(wav.getFileName().toString(), m.spectrogram(), input, new int[] {0},
                new String[] {wav.getFileName().toString()}, new String[] {"?"});
        int pixels = m.network().outputSize();
        int side = (int) Math.round(Math.sqrt(pixels));
        try (Backend backend = backendOptions.create(m.network(), m.config())) {
            backend.setWeights(m.weights());
            float[] counts = new Trainer(backend).spikeCounts(PairedClips.inputsOnly(clip),
                    new int[] {m.network().layers()}, TrainListener.NONE)[0];
            ImageGrid.writeGrid(png, counts, 1, side, pixels / side, 1, scale);
        }
        spec.commandLine().getOut().println("wrote " + png.toAbsolutePath());
        return 0;
    }
}
