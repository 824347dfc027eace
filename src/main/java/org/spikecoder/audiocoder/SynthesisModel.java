package org.spikecoder.audiocoder;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.spikecoder.SpikecoderException;
import org.spikecoder.audio.SpectrogramConfig;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.Json;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;

/**
 * The audio-to-image model: the audiocoder (spectrogram -> hidden -> the autoencoder's hidden code) followed by the
 * autoencoder's decoder W2 (code -> image), one spiking network of four layers. Saved as {@code model.spk}, a
 * checkpoint of kind "synthesis" whose settings hold the spectrogram parameters, so a clip can be turned into an
 * image with nothing else at hand.
 */
public record SynthesisModel(NetworkSpec network, TrainConfig config, float[][] weights,
                             SpectrogramConfig spectrogram, Map<String, String> settings) {

    public static final String FILE_NAME = "model.spk";
    private static final String KIND = "synthesis";

    /** Joins the trained audiocoder's layers with the autoencoder's decoder layer. */
    public static SynthesisModel join(float[][] audiocoder, NetworkSpec audiocoderNet, float[] decoder, int imageSize,
                                      TrainConfig config, SpectrogramConfig spectrogram,
                                      Map<String, String> settings) {
        int[] a = audiocoderNet.sizes();
        int[] sizes = java.util.Arrays.copyOf(a, a.length + 1);
        sizes[a.length] = imageSize;
        float[][] w = java.util.Arrays.copyOf(audiocoder, audiocoder.length + 1);
        w[audiocoder.length] = decoder;
        return new SynthesisModel(new NetworkSpec(sizes), config, w, spectrogram, settings);
    }

    public void write(Path file) {
        Map<String, String> meta = new TreeMap<>(settings);
        meta.put("spectrogram", Json.GSON.toJson(spectrogram));
        new Checkpoint(KIND, network, config, "fsdd", 0, config.epochs(), 0, 0, 0, new double[0], weights, meta)
                .write(file);
    }

    public static SynthesisModel read(Path file) {
        Checkpoint c = Checkpoint.read(file);
        if (!KIND.equals(c.kind())) {
            throw new SpikecoderException(file + ": holds a " + c.kind() + ", not an audio-to-image model"
                    + " (train-audiocoder writes " + FILE_NAME + ")");
        }
        String spec = c.meta().get("spectrogram");
        if (spec == null) {
            throw new SpikecoderException(file + ": lacks the spectrogram settings");
        }
        SpectrogramConfig s;
        try {
            SpectrogramConfig parsed = Json.GSON.fromJson(spec, SpectrogramConfig.class);
            // Through the canonical constructor again: Gson does not validate.
            s = new SpectrogramConfig(parsed.sampleRate(), parsed.frameLength(), parsed.hop(), parsed.frames(),
                    parsed.channels(), parsed.scale(), parsed.minHz(), parsed.maxHz(), parsed.rangeDb(),
                    parsed.headroomDb());
        } catch (RuntimeException e) {
            throw new SpikecoderException(file + ": bad spectrogram settings: " + e.getMessage());
        }
        Map<String, String> settings = new TreeMap<>(c.meta());
        settings.remove("spectrogram");
        return new SynthesisModel(c.network(), c.config(), c.weights(), s, settings);
    }
}
