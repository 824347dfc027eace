package org.spikecoder.io.nir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.spikecoder.SettingException;
import org.spikecoder.SpikecoderException;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.Json;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;

/**
 * A NIR graph as a spikecoder network: the inverse of {@link NirExport}. spikecoder runs a feed-forward chain of fully
 * connected layers of one neuron kind with one leak and one threshold, so the graph must be
 * {@code Input -> (Linear -> LIF|IF)+ -> Output} (Flatten nodes pass through, an Affine with a zero bias counts as a
 * Linear). Everything else is refused with one line naming the file and the node: recurrent edges, branches,
 * convolutions, pooling, synaptic currents (CubaLIF), non-spiking layers (LI), v_leak or v_reset other than 0, time
 * constants or thresholds that differ between neurons.
 */
public final class NirImport {

    private static final Set<String> KINDS = Set.of("autoencoder", "audiocoder", "synthesis");

    private NirImport() {
    }

    /**
     * A network read from a NIR graph.
     *
     * @param network   layer sizes, input first
     * @param leak      alpha = dt / tau (0 for IF)
     * @param threshold Vth
     * @param weights   per layer [post][pre], each row scaled by its neuron's input gain dt r / tau when that is not 1
     * @param notes     what the import changed or assumed, one line each (e.g. gains folded into weights)
     */
    public record Network(NetworkSpec network, float leak, float threshold, float[][] weights, List<String> notes) {
    }

    /**
     * @param file where the graph came from, for messages
     * @param dt   the step in seconds the time constants are read with: the caller's --dt, else the file's
     *             metadata dt, else {@link NirExport#DEFAULT_DT}
     * @throws SpikecoderException one line naming the file and the node that spikecoder cannot run
     */
    public static Network fromGraph(Path file, NirGraph graph, double dt) {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new SpikecoderException("--dt must be a positive number of seconds, got " + dt);
        }
        for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
            checkSupported(file, e.getKey(), e.getValue().type());
        }
        List<String> chain = chain(file, graph);
        return new NirLayers(file, graph, dt).read(chain);
    }

    /**
     * The checkpoint of an imported network, for eval-ae (kind autoencoder, {@code checkpoint.spk}) or synthesize (kind
     * synthesis, {@code model.spk}, when the file came from a spikecoder audio-to-image model). The config is the
     * one the file's metadata records when spikecoder wrote it, else the paper preset's; leak and threshold always
     * come from the graph, which is what other tools edit.
     *
     * @param dataset the data set to record, or null for the metadata's (else mnist)
     * @param steps   T to record, or null for the metadata's (else the preset's)
     */
    public static Checkpoint checkpoint(Path file, NirGraph graph, Network n, String dataset, Integer steps) {
        Map<String, Object> md = graph.metadata();
        TrainConfig.Builder b;
        if (md.get("spikecoder_config") instanceof String json) {
            try {
                b = Json.GSON.fromJson(json, TrainConfig.class).toBuilder().build().toBuilder();
            } catch (RuntimeException e) {
                throw new SpikecoderException(file + ": metadata spikecoder_config is not a spikecoder config: "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        } else {
            b = Preset.PAPER.defaults().toBuilder();
            if (md.get("steps") instanceof Long t && t >= 1 && t <= Integer.MAX_VALUE) {
                b.steps((int) (long) t);
            }
        }
        b.leak(n.leak()).threshold(n.threshold()).clampMembrane(b.clampMembrane && md.containsKey("spikecoder_config"));
        if (steps != null) {
            b.steps(steps);
        }
        TrainConfig config;
        try {
            config = b.build();
        } catch (IllegalArgumentException | SettingException e) {
            throw new SpikecoderException(file + ": " + e.getMessage());
        }
        String kind = md.get("spikecoder_kind") instanceof String k && KINDS.contains(k) ? k : "autoencoder";
        Map<String, String> meta = new TreeMap<>();
        if (md.get("spikecoder_meta") instanceof String json) {
            try {
                meta.putAll(Json.GSON.fromJson(json, new com.google.gson.reflect.TypeToken<Map<String, String>>() {
                }.getType()));
            } catch (RuntimeException e) {
                throw new SpikecoderException(file + ": metadata spikecoder_meta is not a map of settings");
            }
        }
        meta.put("nir_source", file.toAbsolutePath().toString());
        String ds = dataset != null ? dataset
                : md.get("spikecoder_dataset") instanceof String d && !d.isBlank() ? d : "mnist";
        return new Checkpoint(kind, n.network(), config, ds, 0, config.epochs(), 0, 0, 0, new double[0], n.weights(),
                meta);
    }

    /** The dt a file is read with when no --dt is given: its metadata's, else snnTorch's. */
    public static double dtOf(NirGraph graph) {
        return graph.metadata().get("dt") instanceof Double d ? d : NirExport.DEFAULT_DT;
    }

    private static void checkSupported(Path file, String name, String type) {
        String why = switch (type) {
            case "Input", "Output", "Linear", "Affine", "LIF", "IF", "Flatten" -> null;
            case "Conv1d", "Conv2d" -> "a convolution; spikecoder's layers are fully connected";
            case "SumPool2d", "AvgPool2d" -> "pooling; spikecoder's layers are fully connected";
            case "CubaLIF", "CubaLI" -> "a current-based neuron with a synaptic current; spikecoder's neurons"
                    + " integrate their input directly (LIF or IF)";
            case "LI", "I" -> "a non-spiking integrator; spikecoder's layers spike (LIF or IF)";
            case "NIRGraph" -> "a nested graph (snnTorch writes recurrent layers this way); spikecoder runs a flat"
                    + " feed-forward chain";
            default -> "not a node type spikecoder imports (Input, Linear, Affine, LIF, IF, Flatten, Output)";
        };
        if (why != null) {
            throw bad(file, name, "is a " + type + ": " + why);
        }
    }

    /* The node names from the one Input to the one Output; anything else than a simple path is refused. */
    private static List<String> chain(Path file, NirGraph graph) {
        Map<String, List<String>> next = new HashMap<>();
        Map<String, Integer> inputs = new HashMap<>();
        for (NirEdge e : graph.edges()) {
            if (e.source().equals(e.target())) {
                throw new SpikecoderException(file + ": recurrent edge " + e + "; spikecoder runs feed-forward"
                        + " networks only");
            }
            next.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e.target());
            inputs.merge(e.target(), 1, Integer::sum);
        }
        // from the last edge back: a file lists the edge that closes a loop after the ones it closes
        for (int k = graph.edges().size() - 1; k >= 0; k--) {
            NirEdge e = graph.edges().get(k);
            if (reaches(next, e.target(), e.source())) {
                throw new SpikecoderException(file + ": recurrent edge " + e + "; spikecoder runs feed-forward"
                        + " networks only");
            }
        }
        String input = only(file, graph, "Input");
        String output = only(file, graph, "Output");
        List<String> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String at = input;
        while (true) {
            chain.add(at);
            seen.add(at);
            if (inputs.getOrDefault(at, 0) > (at.equals(input) ? 0 : 1)) {
                throw bad(file, at, "has " + inputs.get(at) + " incoming edges; spikecoder runs a chain of layers");
            }
            List<String> out = next.getOrDefault(at, List.of());
            if (at.equals(output)) {
                if (!out.isEmpty()) {
                    throw bad(file, at, "the Output node has an outgoing edge to '" + out.get(0) + "'");
                }
                break;
            }
            if (out.size() != 1) {
                throw bad(file, at, out.isEmpty() ? "leads nowhere: no path from the Input to the Output"
                        : "feeds " + out.size() + " nodes " + out + "; spikecoder runs a chain of layers");
            }
            String to = out.get(0);
            if (seen.contains(to)) {
                throw new SpikecoderException(file + ": recurrent edge " + at + " -> " + to + "; spikecoder runs"
                        + " feed-forward networks only");
            }
            at = to;
        }
        for (String name : graph.nodes().keySet()) {
            if (!seen.contains(name)) {
                throw bad(file, name, "is not on the path from the Input to the Output");
            }
        }
        return chain;
    }

    /* Whether a path of edges leads from {@code from} to {@code to}: then the edge to -> from closes a cycle. */
    private static boolean reaches(Map<String, List<String>> next, String from, String to) {
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String at = todo.pop();
            if (at.equals(to)) {
                return true;
            }
            if (seen.add(at)) {
                todo.addAll(next.getOrDefault(at, List.of()));
            }
        }
        return false;
    }

    private static String only(Path file, NirGraph graph, String type) {
        List<String> found = new ArrayList<>();
        graph.nodes().forEach((name, n) -> {
            if (n.type().equals(type)) {
                found.add(name);
            }
        });
        if (found.size() != 1) {
            throw new SpikecoderException(file + ": has " + found.size() + " " + type + " nodes " + found
                    + ", expected one");
        }
        return found.get(0);
    }

    /* "FILE: node 'NAME' WHY", e.g. why = "is a Conv2d: ..." */
    static SpikecoderException bad(Path file, String node, String why) {
        return new SpikecoderException(file + ": node '" + node + "' " + why);
    }
}
