package org.spikecoder.io.nir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.Json;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;

/**
 * A spikecoder network as a NIR graph (docs/NIR.md). spikecoder's neuron, {@code V[t] = (1 - alpha) V[t-1] + W s[t]},
 * spike at {@code V >= Vth}, reset to 0, is NIR's continuous LIF, {@code tau dv/dt = (v_leak - v) + r I}, stepped by
 * forward Euler with step dt: {@code v[t] = (1 - dt/tau) v[t-1] + (dt/tau) r I[t]}. Hence tau = dt / alpha and
 * r = tau / dt = 1 / alpha (so that dt r / tau = 1), v_leak = 0, v_reset = 0, v_threshold = Vth: the parameters
 * snnTorch's exporter writes for {@code Leaky(beta = 1 - alpha, reset_mechanism="zero")} and its importer reads back
 * as that, at its default dt of 1e-4 s.
 *
 * <p>A leak of 0 (no decay) would need tau and r infinite; it is written as NIR's IF with r = 1, the per-step reading
 * {@code v[t] = v[t-1] + r I[t]} that snnTorch's importer gives IF ({@code Leaky(beta = 1)}).
 */
public final class NirExport {
    /** snnTorch's dt (export_nir.py and import_nir.py): the step a file is read with when it says nothing else. */
    public static final double DEFAULT_DT = 1e-4;

    private NirExport() {
    }

    /**
     * The graph of a checkpoint's network: Input, then per layer a Linear of weight (post, pre) and a LIF (or IF),
     * then Output, chained by edges; metadata record dt, the discretisation, the reset, the threshold test and what
     * NIR cannot express (the clamp, the Poisson input), and the checkpoint's config so a re-import restores it.
     *
     * @param dt       the simulation step in seconds the time constants are scaled by; positive
     * @param producer e.g. "spikecoder 0.1.0"
     */
    public static NirGraph toGraph(Checkpoint ckpt, double dt, String producer) {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("--dt must be a positive number of seconds, got " + dt);
        }
        NetworkSpec net = ckpt.network();
        TrainConfig c = ckpt.config();
        Map<String, NirNode> nodes = new LinkedHashMap<>();
        List<String> chain = new ArrayList<>();
        nodes.put("input", NirNode.input(net.inputSize()));
        chain.add("input");
        boolean integrator = c.leak() == 0f;
        for (int l = 1; l <= net.layers(); l++) {
            // the names NIR's NIRGraph.from_list gives a sequential graph: linear, lif, linear_1, lif_1, ...
            String suffix = l == 1 ? "" : "_" + (l - 1);
            String linear = "linear" + suffix;
            nodes.put(linear, new NirNode("Linear", Map.of("weight",
                    NirTensor.float32(net.size(l), net.size(l - 1), ckpt.weights()[l - 1]))));
            String neuron = (integrator ? "if" : "lif") + suffix;
            nodes.put(neuron, integrator ? ifNode(net.size(l), c) : lifNode(net.size(l), c, dt));
            chain.add(linear);
            chain.add(neuron);
        }
        nodes.put("output", NirNode.output(net.outputSize()));
        chain.add("output");
        List<NirEdge> edges = new ArrayList<>();
        for (int i = 0; i + 1 < chain.size(); i++) {
            edges.add(new NirEdge(chain.get(i), chain.get(i + 1)));
        }
        return new NirGraph(NirGraph.VERSION, nodes, edges, metadata(ckpt, dt, producer, integrator));
    }

    private static NirNode lifNode(int n, TrainConfig c, double dt) {
        double alpha = c.leak(); // the float, widened exactly: dt / tau gives it back
        double tau = dt / alpha;
        Map<String, NirTensor> f = new LinkedHashMap<>();
        f.put("tau", NirTensor.filled(n, tau));
        f.put("r", NirTensor.filled(n, tau / dt));
        f.put("v_leak", NirTensor.filled(n, 0));
        f.put("v_threshold", NirTensor.filled(n, c.threshold()));
        f.put("v_reset", NirTensor.filled(n, 0));
        return new NirNode("LIF", f);
    }

    private static NirNode ifNode(int n, TrainConfig c) {
        Map<String, NirTensor> f = new LinkedHashMap<>();
        f.put("r", NirTensor.filled(n, 1));
        f.put("v_threshold", NirTensor.filled(n, c.threshold()));
        f.put("v_reset", NirTensor.filled(n, 0));
        return new NirNode("IF", f);
    }

    private static Map<String, Object> metadata(Checkpoint ckpt, double dt, String producer, boolean integrator) {
        TrainConfig c = ckpt.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("producer", producer);
        m.put("dt", dt);
        m.put("discretisation", integrator
                ? "per step: v[t] = v[t-1] + r I[t] with r = 1 (IF as snnTorch reads it; leak 0)"
                : "forward Euler with step dt: v[t] = (1 - dt/tau) v[t-1] + (dt/tau) r I[t]; alpha = dt/tau = "
                        + c.leak() + ", r = tau/dt, so v[t] = (1 - alpha) v[t-1] + W s[t]");
        m.put("reset", "zero: v = v_reset = 0 after a spike (snnTorch reset_mechanism='zero')");
        m.put("threshold_test", ">=: spikecoder spikes when v >= v_threshold; NIR's LIF when v > v_threshold");
        m.put("clamp", c.clampMembrane()
                ? "v is clamped at v_threshold before the threshold test (authors-code preset); no NIR node expresses"
                        + " it, so other simulators do not clamp"
                : "none");
        m.put("input_encoding", "Poisson: input i spikes at each step with probability intensity_i * max_rate");
        m.put("steps", (long) c.steps());
        m.put("max_rate", (double) c.maxRate());
        m.put("readout", "spike counts of the output layer over the steps; training's loss is on its membrane");
        m.put("spikecoder_kind", ckpt.kind());
        m.put("spikecoder_dataset", ckpt.dataset());
        m.put("spikecoder_config", Json.GSON.toJson(c));
        if (!ckpt.meta().isEmpty()) {
            m.put("spikecoder_meta", Json.GSON.toJson(ckpt.meta()));
        }
        return m;
    }
}
