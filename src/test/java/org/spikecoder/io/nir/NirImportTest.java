package org.spikecoder.io.nir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SpikecoderException;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;

/** What import refuses, each with one line naming the file and the node, and what it converts. */
class NirImportTest {
    @TempDir
    Path tmp;

    static final NetworkSpec NET = NetworkSpec.of(5, 3, 5);

    static Checkpoint checkpoint(TrainConfig c) {
        float[][] w = new float[2][];
        for (int l = 1; l <= 2; l++) {
            w[l - 1] = new float[(int) NET.weightCount(l)];
            for (int i = 0; i < w[l - 1].length; i++) {
                w[l - 1][i] = (float) Math.sin(i + 10 * l) / 3;
            }
        }
        return new Checkpoint("autoencoder", NET, c, "mnist", 0, c.epochs(), 0, 0, 0, new double[0], w, Map.of());
    }

    /* The export of a small network, changed by edit, written and read back through HDF5, then imported. */
    NirImport.Network importEdited(Consumer<Graph> edit) {
        NirGraph g = NirExport.toGraph(checkpoint(Preset.PAPER.defaults()), 1e-4, "test");
        Graph m = new Graph(new LinkedHashMap<>(g.nodes()), new ArrayList<>(g.edges()), new LinkedHashMap<>(g.metadata()));
        edit.accept(m);
        Path file = tmp.resolve("g.nir");
        NirFile.write(file, new NirGraph(g.version(), m.nodes, m.edges, m.metadata));
        NirGraph back = NirFile.read(file);
        return NirImport.fromGraph(file, back, NirImport.dtOf(back));
    }

    record Graph(Map<String, NirNode> nodes, List<NirEdge> edges, Map<String, Object> metadata) {
        void field(String node, String field, NirTensor value) {
            Map<String, NirTensor> f = new LinkedHashMap<>(nodes.get(node).fields());
            f.put(field, value);
            nodes.put(node, new NirNode(nodes.get(node).type(), f));
        }
    }

    void refused(String expected, Consumer<Graph> edit) {
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> importEdited(edit));
        assertTrue(e.getMessage().startsWith(tmp.resolve("g.nir") + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void theExportImportsUnchanged() {
        NirImport.Network n = importEdited(g -> { });
        Checkpoint c = checkpoint(Preset.PAPER.defaults());
        assertEquals(NET, n.network());
        assertEquals(c.config().leak(), n.leak());
        assertEquals(c.config().threshold(), n.threshold());
        assertArrayEquals(c.weights()[0], n.weights()[0]);
        assertArrayEquals(c.weights()[1], n.weights()[1]);
        assertTrue(n.notes().isEmpty(), n.notes().toString());
    }

    @Test
    void anInputGainOtherThanOneIsFoldedIntoTheWeights() {
        // Norse writes r = 1: at alpha 0.1 the gain dt r / tau is 0.1
        NirImport.Network n = importEdited(g -> g.field("lif", "r", NirTensor.filled(3, 1)));
        float[] w = checkpoint(Preset.PAPER.defaults()).weights()[0];
        assertEquals((float) (w[7] * (double) (1e-4 / (1e-4 / 0.1f))), n.weights()[0][7]);
        assertEquals(1, n.notes().size());
    }

    @Test
    void refusesWhatSpikecoderCannotRun() {
        refused("recurrent edge lif -> linear", g -> g.edges().add(new NirEdge("lif", "linear")));
        refused("recurrent edge lif -> lif", g -> g.edges().add(new NirEdge("lif", "lif")));
        refused("node 'conv' is a Conv2d", g -> g.nodes().put("conv", new NirNode("Conv2d",
                Map.of("weight", NirTensor.float32(1, 1, new float[] {1})))));
        refused("node 'lif' is a CubaLIF", g -> g.nodes().put("lif", new NirNode("CubaLIF", Map.of())));
        refused("node 'lif' has v_reset 0.5", g -> g.field("lif", "v_reset", NirTensor.filled(3, 0.5)));
        refused("node 'lif_1' has v_leak -1", g -> g.field("lif_1", "v_leak", NirTensor.filled(5, -1)));
        refused("node 'lif_1' has leak dt/tau", g -> g.field("lif_1", "tau", NirTensor.filled(5, 2e-4)));
        refused("node 'lif' has v_threshold 2", g -> g.field("lif", "v_threshold", NirTensor.float64(1, 2, 1)));
        refused("node 'linear_1' has a weight of shape [5, 4] but its input has 3",
                g -> g.field("linear_1", "weight", NirTensor.float32(5, 4, new float[20])));
        refused("node 'lif' has tau of shape [2] but the layer has 3 neurons",
                g -> g.field("lif", "tau", NirTensor.float64(1e-3, 1e-3)));
        refused("node 'lif' (LIF) has no r", g -> g.nodes().put("lif", new NirNode("LIF", Map.of())));
        refused("node 'output' has shape 4", g -> g.field("output", "shape", NirTensor.int64(4)));
        refused("node 'lif' is a Linear after 'linear'", g -> g.nodes().put("lif", g.nodes().get("linear")));
        refused("node 'stray' is not on the path", g -> g.nodes().put("stray", new NirNode("Flatten", Map.of())));
        refused("node 'lif' feeds 2 nodes", g -> g.edges().add(new NirEdge("lif", "output")));
    }

    @Test
    void aMissingNodeOrBadEdgesAreRefusedWhenReading() {
        Path file = tmp.resolve("g.nir");
        NirGraph g = NirExport.toGraph(checkpoint(Preset.PAPER.defaults()), 1e-4, "test");
        Map<String, NirNode> nodes = new LinkedHashMap<>(g.nodes());
        nodes.remove("lif_1");
        NirFile.write(file, new NirGraph(g.version(), nodes, g.edges(), g.metadata()));
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> NirFile.read(file));
        assertEquals(file + ": edge linear_1 -> lif_1 names node 'lif_1', which the file does not have",
                e.getMessage());
    }

    @Test
    void metadataAndFieldTypesSurviveTheFile() {
        Path file = tmp.resolve("m.nir");
        NirGraph g = NirExport.toGraph(checkpoint(Preset.AUTHORS_CODE.defaults()), 1e-3, "test");
        NirFile.write(file, g);
        NirGraph back = NirFile.read(file);
        assertEquals(NirGraph.VERSION, back.version());
        assertEquals(g.metadata(), back.metadata());
        assertEquals(1e-3, NirImport.dtOf(back));
        assertEquals(new java.util.TreeSet<>(g.nodes().keySet()), new java.util.TreeSet<>(back.nodes().keySet()));
        for (String name : g.nodes().keySet()) {
            assertEquals(g.nodes().get(name), back.nodes().get(name), name);
        }
        assertEquals(g.edges(), back.edges());
        Checkpoint c = NirImport.checkpoint(file, back, NirImport.fromGraph(file, back, 1e-3), null, null);
        assertEquals(Preset.AUTHORS_CODE.defaults(), c.config(), "the clamp and the rest come back via metadata");
    }
}
