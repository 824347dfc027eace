package org.spikecoder.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.spikecoder.SettingException;
import org.spikecoder.audio.AudioFiles;
import org.spikecoder.audio.DigitSet;
import org.spikecoder.audio.Spectrogram;
import org.spikecoder.audiocoder.PairedClips;
import org.spikecoder.audiocoder.SynthesisModel;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.engine.Trainer;
import org.spikecoder.run.BackendChoice;

/**
 * A trained audio-to-image model (an {@link Audiocoder} run's folder or its {@code model.spk}) turning recordings
 * of spoken digits into images, entirely in spikes: each clip's spectrogram, made as in training, runs through the
 * audiocoder and the autoencoder's decoder, and the output layer's spike counts are the image.
 *
 * <pre>{@code
 * SynthesisImages images = Synthesis.load(runFolder).backend(BackendKind.CPU).build().images(List.of(wav));
 * images.writeImage(0, Path.of("three.png"), 8);
 * }</pre>
 */
public final class Synthesis {
    private final SynthesisModel model;
    private final BackendChoice backends;

    private Synthesis(SynthesisModel model, BackendChoice backends) {
        this.model = model;
        this.backends = backends;
    }

    /** The model of a train-audiocoder folder (its {@code model.spk}) or of a model file. */
    public static Builder load(Path modelFolderOrFile) {
        return new Builder(BackendBuilder.given(modelFolderOrFile, "model"));
    }

    /**
     * The images of {@code clips} (WAV or NIST SPHERE files, any rate, mixed to mono), in their order; the model's
     * backend runs them all in one go.
     *
     * @throws SettingException when no clip is given; a clip that cannot be read is named in the failure
     */
    public SynthesisImages images(List<Path> clips) {
        if (BackendBuilder.given(clips, "clips").isEmpty()) {
            throw new SettingException("{clips} must hold at least one clip");
        }
        DigitSet set = spectrograms(clips);
        int pixels = model.network().outputSize();
        int side = (int) Math.round(Math.sqrt(pixels));
        float[] counts;
        try (Backend backend = backends.create(model.network(), model.config())) {
            backend.setWeights(model.weights());
            counts = new Trainer(backend).spikeCounts(PairedClips.inputsOnly(set),
                    new int[] {model.network().layers()}, TrainListener.NONE)[0];
        }
        return new SynthesisImages(counts, clips.size(), side, pixels / side);
    }

    /** The clips' spectrograms as one set, made as in training. */
    private DigitSet spectrograms(List<Path> clips) {
        Spectrogram spectrogram = new Spectrogram(model.spectrogram());
        int n = model.spectrogram().inputSize();
        float[] inputs = new float[Math.multiplyExact(clips.size(), n)];
        String[] names = new String[clips.size()];
        String[] speakers = new String[clips.size()];
        for (int c = 0; c < clips.size(); c++) {
            float[] one = spectrogram.compute(AudioFiles.read(clips.get(c)));
            System.arraycopy(one, 0, inputs, c * n, n);
            names[c] = clips.get(c).getFileName().toString();
            speakers[c] = "?";
        }
        return new DigitSet(clips.size() == 1 ? names[0] : "clips", model.spectrogram(), inputs,
                new int[clips.size()], names, speakers);
    }

    /** Where a synthesis runs; {@link #build()} reads the model. */
    public static final class Builder extends BackendBuilder<Builder> {
        private final Path model;

        private Builder(Path model) {
            this.model = model;
        }

        @Override
        Builder self() {
            return this;
        }

        /** @throws org.spikecoder.SpikecoderException when the file cannot be read or holds no audio-to-image model */
        public Synthesis build() {
            Path file = Files.isDirectory(model) ? model.resolve(SynthesisModel.FILE_NAME) : model;
            return new Synthesis(SynthesisModel.read(file), backends());
        }
    }
}
