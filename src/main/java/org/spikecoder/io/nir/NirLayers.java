package org.spikecoder.io.nir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.spikecoder.SpikecoderException;
import org.spikecoder.model.NetworkSpec;

/**
 * Reads the layers of a chain of NIR nodes (Input, (Linear, LIF|IF)+, Output) into spikecoder's one leak, one
 * threshold and per-layer weights, checking every shape and every parameter spikecoder cannot represent.
 */
final class NirLayers {
    private static final double TOLERANCE = 1e-6;

    private final Path file;
    private final NirGraph graph;
    private final double dt;
    private final List<String> notes = new ArrayList<>();
    private Double leak;
    private Double threshold;
    private String leakNode;
    private String thresholdNode;

    NirLayers(Path file, NirGraph graph, double dt) {
        this.file = file;
        this.graph = graph;
        this.dt = dt;
    }

    NirImport.Network read(List<String> chain) {
        List<String> path = new ArrayList<>();
        for (String name : chain) {
            if (!graph.nodes().get(name).type().equals("Flatten")) {
                path.add(name); // spikecoder's vectors are flat already; Flatten's sizes are checked by the Linear after it
            }
        }
        String input = path.get(0);
        List<Integer> sizes = new ArrayList<>();
        sizes.add(shapeSize(input));
        List<float[]> weights = new ArrayList<>();
        int i = 1;
        while (i < path.size() - 1) {
            String linear = path.get(i);
            String neuron = path.get(i + 1);
            expect(linear, path.get(i - 1), "Linear", "Affine");
            expect(neuron, linear, "LIF", "IF");
            int in = sizes.get(sizes.size() - 1);
            float[] w = weight(linear, in);
            int out = w.length / in;
            w = neuron(neuron, out, in, w);
            weights.add(w);
            sizes.add(out);
            i += 2;
        }
        String output = path.get(path.size() - 1);
        if (sizes.size() == 1) {
            throw NirImport.bad(file, output, "follows the Input directly: the graph has no layer");
        }
        int last = sizes.get(sizes.size() - 1);
        if (shapeSize(output) != last) {
            throw NirImport.bad(file, output, "has shape " + shapeSize(output) + " but the last layer has " + last
                    + " neurons");
        }
        if (threshold == null || !(threshold > 0) || threshold.isInfinite()) {
            throw NirImport.bad(file, thresholdNode, "has v_threshold " + threshold + "; spikecoder needs a positive"
                    + " threshold");
        }
        int[] s = sizes.stream().mapToInt(Integer::intValue).toArray();
        return new NirImport.Network(new NetworkSpec(s), (float) (double) leak, (float) (double) threshold,
                weights.toArray(new float[0][]), List.copyOf(notes));
    }

    private void expect(String name, String after, String... types) {
        String type = graph.nodes().get(name).type();
        if (!Arrays.asList(types).contains(type)) {
            throw NirImport.bad(file, name, "is a " + type + " after '" + after + "'; spikecoder expects "
                    + String.join(" or ", types) + " there (Input, then Linear and LIF or IF per layer, then"
                    + " Output)");
        }
    }

    private int shapeSize(String name) {
        NirTensor shape = field(name, "shape");
        long n = 1;
        for (int k = 0; k < shape.size(); k++) {
            n *= (long) shape.get(k);
        }
        if (shape.size() == 0 || n < 1 || n > Integer.MAX_VALUE) {
            throw NirImport.bad(file, name, "has shape " + Arrays.toString(shape.toDoubles()) + ", expected a"
                    + " positive size");
        }
        return (int) n;
    }

    private float[] weight(String name, int in) {
        NirTensor w = field(name, "weight");
        int[] shape = w.shape();
        if (shape.length != 2) {
            throw NirImport.bad(file, name, "has a weight of shape " + Arrays.toString(shape) + ", expected (out, in)");
        }
        if (shape[1] != in) {
            throw NirImport.bad(file, name, "has a weight of shape " + Arrays.toString(shape) + " but its input has "
                    + in + " values");
        }
        if (shape[0] < 1) {
            throw NirImport.bad(file, name, "has a weight of shape " + Arrays.toString(shape) + ", no outputs");
        }
        if (graph.nodes().get(name).type().equals("Affine")) {
            NirTensor bias = field(name, "bias");
            for (int k = 0; k < bias.size(); k++) {
                if (bias.get(k) != 0) {
                    throw NirImport.bad(file, name, "has a bias (" + bias.get(k) + " at " + k + "); spikecoder's"
                            + " layers have none");
                }
            }
        }
        float[] values = w.toFloats();
        for (int k = 0; k < values.length; k++) {
            if (!Float.isFinite(values[k])) {
                throw NirImport.bad(file, name, "has weight " + values[k] + " at [" + k / in + "][" + k % in + "]");
            }
        }
        return values;
    }

    /* Reads the neuron's parameters, agrees them with the other layers', and folds its input gain into w. */
    private float[] neuron(String name, int out, int in, float[] w) {
        boolean lif = graph.nodes().get(name).type().equals("LIF");
        double[] r = vector(name, "r", out);
        double[] vth = vector(name, "v_threshold", out);
        double[] reset = graph.nodes().get(name).field("v_reset") == null ? new double[out]
                : vector(name, "v_reset", out);
        double[] tau = lif ? vector(name, "tau", out) : null;
        if (lif) {
            double[] vLeak = vector(name, "v_leak", out);
            nonZero(name, "v_leak", vLeak, "spikecoder's membrane decays towards 0");
        }
        nonZero(name, "v_reset", reset, "spikecoder resets to 0");
        double[] gain = new double[out];
        for (int k = 0; k < out; k++) {
            double alpha = lif ? dt / tau[k] : 0; // tau = inf is a LIF without leak
            if (!(alpha >= 0 && alpha < 1)) {
                throw NirImport.bad(file, name, "has tau " + tau[k] + " s, which at dt " + dt + " s is a leak dt/tau"
                        + " of " + alpha + "; spikecoder needs 0 <= dt/tau < 1 (pass --dt)");
            }
            agree(name, "leak dt/tau", alpha, true);
            agree(name, "v_threshold", vth[k], false);
            // input gain per step: (dt/tau) r for LIF under forward Euler; r for IF, as snnTorch reads IF
            gain[k] = lif ? alpha * r[k] : r[k];
            if (!(gain[k] > 0) || Double.isInfinite(gain[k])) {
                throw NirImport.bad(file, name, "has an input gain " + (lif ? "dt r / tau" : "r") + " of " + gain[k]
                        + " for neuron " + k + "; spikecoder needs a positive finite one");
            }
        }
        boolean folded = false;
        for (int k = 0; k < out; k++) {
            if (Math.abs(gain[k] - 1) > TOLERANCE) {
                folded = true;
                for (int j = 0; j < in; j++) {
                    w[k * in + j] = (float) (w[k * in + j] * gain[k]);
                }
            }
        }
        if (folded) {
            notes.add("node '" + name + "': input gain " + (lif ? "dt r / tau" : "r") + " is not 1; it is folded"
                    + " into the weights of the layer before it");
        }
        return w;
    }

    private void agree(String name, String what, double value, boolean isLeak) {
        Double have = isLeak ? leak : threshold;
        if (have == null) {
            if (isLeak) {
                leak = value;
                leakNode = name;
            } else {
                threshold = value;
                thresholdNode = name;
            }
            return;
        }
        if (Math.abs(value - have) > TOLERANCE * Math.max(Math.abs(have), 1e-30) && !(value == 0 && have == 0)) {
            throw NirImport.bad(file, name, "has " + what + " " + value + " where '" + (isLeak ? leakNode
                    : thresholdNode) + "' has " + have + "; spikecoder has one " + (isLeak ? "leak" : "threshold")
                    + " for all neurons");
        }
    }

    private void nonZero(String name, String field, double[] v, String why) {
        for (int k = 0; k < v.length; k++) {
            if (v[k] != 0) {
                throw NirImport.bad(file, name, "has " + field + " " + v[k] + " (neuron " + k + "); " + why);
            }
        }
    }

    /* One value per neuron; a scalar or a single value applies to all (NIR's shapes must match, but be kind). */
    private double[] vector(String name, String field, int n) {
        NirTensor t = field(name, field);
        double[] v = t.toDoubles();
        if (v.length == 1 && n != 1) {
            double[] all = new double[n];
            Arrays.fill(all, v[0]);
            return all;
        }
        if (v.length != n) {
            throw NirImport.bad(file, name, "has " + field + " of shape " + Arrays.toString(t.shape()) + " but the"
                    + " layer has " + n + " neurons");
        }
        return v;
    }

    private NirTensor field(String name, String field) {
        NirTensor t = graph.nodes().get(name).field(field);
        if (t == null) {
            throw NirImport.bad(file, name, "(" + graph.nodes().get(name).type() + ") has no " + field);
        }
        return t;
    }
}
