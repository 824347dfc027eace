package org.spikecoder.api;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.nir.NirExport;
import org.spikecoder.io.nir.NirFile;

/**
 * What an {@link Autoencoder} run gives: its metrics (those of {@code metrics.json}), its final weights and its
 * folder. A run stopped before its end ({@code stopAfter}, a signal) is not {@link #complete()}: it has a checkpoint
 * to resume and no metrics.
 */
public final class AutoencoderResult {
    private final Path folder;
    private final Map<String, Object> metrics;
    private final float[][] weights;
    private final double trainSeconds;

    AutoencoderResult(Path folder, Map<String, Object> metrics, float[][] weights, double trainSeconds) {
        this.folder = folder;
        this.metrics = metrics == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        this.weights = weights;
        this.trainSeconds = trainSeconds;
    }

    static AutoencoderResult stopped(Path folder, double trainSeconds) {
        return new AutoencoderResult(folder, null, null, trainSeconds);
    }

    /** Whether training ran to its last epoch and the run was evaluated. */
    public boolean complete() {
        return metrics != null;
    }

    /** The run's folder. */
    public Path folder() {
        return folder;
    }

    /** The checkpoint: weights and progress, what {@code resume(true)} continues. */
    public Path checkpoint() {
        return folder.resolve(Checkpoint.FILE_NAME);
    }

    /** The paper's metric: MSE of per-image z-scored pixel and output spike-count maps, over the test images. */
    public double testMse() {
        return number("test_mse");
    }

    /** As {@link #testMse()} against the input spike counts. */
    public double testSpikeMse() {
        return number("test_spike_mse");
    }

    /** Mean of (output spike count / T - pixel / 255)^2 over the test images. */
    public double testPixelMse() {
        return number("test_pixel_mse");
    }

    /** {@link #testMse()} on the training images scored ({@code trainEval}). */
    public double trainMse() {
        return number("train_mse");
    }

    /** {@link #testMse()} on the validation split, when the run held one out. */
    public OptionalDouble valMse() {
        complete("val_mse");
        return metrics.get("val_mse") instanceof Double d ? OptionalDouble.of(d) : OptionalDouble.empty();
    }

    /** Seconds spent training, over every call of the run (a resumed run adds to its checkpoint's). */
    public double trainSeconds() {
        return trainSeconds;
    }

    /** "cpu" or "opencl". */
    public String backend() {
        complete("backend");
        return (String) metrics.get("backend");
    }

    /** The device the network ran on, e.g. an OpenCL device's name. */
    public String device() {
        complete("device");
        return (String) metrics.get("device");
    }

    /** Every metric as {@code metrics.json} holds it, in its order. */
    public Map<String, Object> metrics() {
        complete("metrics");
        return metrics;
    }

    /** The trained weights, {@code [l-1]} holding layer l as [post][pre]; a copy. */
    public float[][] weights() {
        complete("weights");
        float[][] copy = new float[weights.length][];
        for (int l = 0; l < weights.length; l++) {
            copy[l] = weights[l].clone();
        }
        return copy;
    }

    /**
     * Writes the trained network as a NIR graph (HDF5) for other SNN tools (docs/NIR.md).
     *
     * @param dt the seconds one time step stands for (NIR's nodes are continuous-time); 1e-4 is export-nir's default
     */
    public void exportNir(Path file, double dt) {
        complete("exportNir");
        NirFile.write(file, NirExport.toGraph(Checkpoint.read(checkpoint()), dt, "spikecoder " + version()));
    }

    private double number(String key) {
        complete(key);
        return metrics.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private void complete(String what) {
        if (metrics == null) {
            throw new IllegalStateException(what + ": the run stopped before its end (stopAfter or a signal); its"
                    + " checkpoint in " + folder + " continues with resume(true)");
        }
    }

    private static String version() {
        String v = AutoencoderResult.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
