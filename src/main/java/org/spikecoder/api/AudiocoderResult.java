package org.spikecoder.api;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

import org.spikecoder.audiocoder.SynthesisModel;

/**
 * What an {@link Audiocoder} run gives: its metrics (those of {@code metrics.json}) and its folder, which holds the
 * audio-to-image model. A run stopped before its end ({@code stopAfter}, a signal) is not {@link #complete()}.
 */
public final class AudiocoderResult {
    private final Path folder;
    private final Map<String, Object> metrics;
    private final double trainSeconds;

    AudiocoderResult(Path folder, Map<String, Object> metrics, double trainSeconds) {
        this.folder = folder;
        this.metrics = metrics == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        this.trainSeconds = trainSeconds;
    }

    static AudiocoderResult stopped(Path folder, double trainSeconds) {
        return new AudiocoderResult(folder, null, trainSeconds);
    }

    /** Whether training ran to its last epoch and the model was scored. */
    public boolean complete() {
        return metrics != null;
    }

    public Path folder() {
        return folder;
    }

    /** The joined audio-to-image model ({@code synthesize} reads it). */
    public Path model() {
        return folder.resolve(SynthesisModel.FILE_NAME);
    }

    /** Z-scored MSE of the synthesised test images (pairing A: against the class image; B: the closest). */
    public OptionalDouble testMse() {
        return optional("test_mse");
    }

    /** The share of test clips whose image is closest to an image of their own digit. */
    public OptionalDouble testClassAccuracy() {
        return optional("test_class_accuracy");
    }

    public OptionalDouble valMse() {
        return optional("val_mse");
    }

    public OptionalDouble valClassAccuracy() {
        return optional("val_class_accuracy");
    }

    public OptionalDouble trainMse() {
        return optional("train_mse");
    }

    /** Seconds spent training, over every call of the run. */
    public double trainSeconds() {
        return trainSeconds;
    }

    /** "cpu" or "opencl". */
    public String backend() {
        return (String) metrics().get("backend");
    }

    /** Every metric as {@code metrics.json} holds it, in its order. */
    public Map<String, Object> metrics() {
        if (metrics == null) {
            throw new IllegalStateException("the run stopped before its end (stopAfter or a signal); its checkpoint"
                    + " in " + folder + " continues with resume(true)");
        }
        return metrics;
    }

    private OptionalDouble optional(String key) {
        return metrics().get(key) instanceof Double d ? OptionalDouble.of(d) : OptionalDouble.empty();
    }
}
