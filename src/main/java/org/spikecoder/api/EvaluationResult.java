package org.spikecoder.api;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What an {@link Evaluation} gives: the scores of {@code eval.json} and the folder it wrote. */
public final class EvaluationResult {
    private final Path folder;
    private final Split split;
    private final Map<String, Object> metrics;

    EvaluationResult(Path folder, Split split, Map<String, Object> metrics) {
        this.folder = folder;
        this.split = split;
        this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** The folder holding eval.json and the images. */
    public Path folder() {
        return folder;
    }

    /** The split scored. */
    public Split split() {
        return split;
    }

    /** The paper's metric: MSE of per-image z-scored pixel and output spike-count maps. */
    public double mse() {
        return number(split.id() + "_mse");
    }

    /** As {@link #mse()} against the input spike counts. */
    public double spikeMse() {
        return number(split.id() + "_spike_mse");
    }

    /** Mean of (output spike count / T - pixel / 255)^2. */
    public double pixelMse() {
        return number(split.id() + "_pixel_mse");
    }

    /** Images scored. */
    public int images() {
        return ((Number) metrics.get("images")).intValue();
    }

    /** Seconds the scoring took. */
    public double seconds() {
        return number("eval_seconds");
    }

    /** "cpu" or "opencl". */
    public String backend() {
        return (String) metrics.get("backend");
    }

    /** The device the network ran on, e.g. an OpenCL device's name. */
    public String device() {
        return (String) metrics.get("device");
    }

    /** Every metric as {@code eval.json} holds it, in its order. */
    public Map<String, Object> metrics() {
        return metrics;
    }

    private double number(String key) {
        return metrics.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
