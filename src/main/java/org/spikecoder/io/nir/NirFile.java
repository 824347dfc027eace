package org.spikecoder.io.nir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spikecoder.SpikecoderException;
import org.spikecoder.io.AtomicFiles;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;

/**
 * Reads and writes NIR files: HDF5 laid out as neuromorphs/NIR's {@code nir.write} does it (nir/serialization.py).
 * <pre>
 *   /version                 string
 *   /node/type               "NIRGraph"
 *   /node/nodes/NAME/type    string, one group per node
 *   /node/nodes/NAME/FIELD   one dataset per field (weight, tau, r, v_threshold, shape, ...)
 *   /node/edges              (E, 2) strings: source, target
 *   /node/metadata/KEY       optional, one dataset per entry
 * </pre>
 * spikecoder writes fixed-length strings and uncompressed datasets (what jhdf writes); it reads what NIR's Python
 * writer produces too: variable-length UTF-8 strings, gzip-compressed chunked datasets, nodes in name order.
 */
public final class NirFile {
    private NirFile() {
    }

    /**
     * Writes {@code graph} to {@code file} atomically: a reader sees the old file or the complete new one.
     *
     * @throws SpikecoderException naming the file when it cannot be written
     */
    public static void write(Path file, NirGraph graph) {
        AtomicFiles.writeFile(file, tmp -> {
            try (WritableHdfFile h = HdfFile.write(tmp)) {
                h.putDataset("version", graph.version());
                WritableGroup top = h.putGroup("node");
                top.putDataset("type", "NIRGraph");
                WritableGroup nodes = top.putGroup("nodes");
                for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
                    WritableGroup g = nodes.putGroup(e.getKey());
                    g.putDataset("type", e.getValue().type());
                    for (Map.Entry<String, NirTensor> f : e.getValue().fields().entrySet()) {
                        g.putDataset(f.getKey(), f.getValue().toJhdfArray());
                    }
                }
                String[][] edges = new String[graph.edges().size()][];
                for (int i = 0; i < edges.length; i++) {
                    edges[i] = new String[] {graph.edges().get(i).source(), graph.edges().get(i).target()};
                }
                top.putDataset("edges", edges);
                if (!graph.metadata().isEmpty()) {
                    WritableGroup meta = top.putGroup("metadata");
                    for (Map.Entry<String, Object> m : graph.metadata().entrySet()) {
                        Object v = m.getValue();
                        meta.putDataset(m.getKey(), v instanceof NirTensor t ? t.toJhdfArray() : v);
                    }
                }
            } catch (RuntimeException e) {
                // jhdf's own exceptions are unchecked; AtomicFiles names the file and removes the temp file
                throw new IOException("HDF5 writer failed: " + firstLine(e), e);
            }
        });
    }

    /**
     * Reads the graph of a NIR file. Only the structure is checked here (an HDF5 file, a NIRGraph with nodes that
     * each have a type, edges of shape (E, 2) naming existing nodes); whether spikecoder can run the graph is
     * {@link NirImport}'s question.
     *
     * @throws SpikecoderException one line naming the file and what is wrong
     */
    public static NirGraph read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw bad(file, Files.exists(file) ? "not a file" : "no such file");
        }
        try (HdfFile h = new HdfFile(file)) {
            String version = h.getChildren().containsKey("version") ? string(file, h, "version") : "unknown";
            Group top = group(file, h, "node", "no /node group: not a NIR file");
            String type = string(file, top, "type");
            if (!"NIRGraph".equals(type)) {
                throw bad(file, "/node is a " + type + ", expected a NIRGraph");
            }
            Group nodesGroup = group(file, top, "nodes", "no /node/nodes group");
            Map<String, NirNode> nodes = new LinkedHashMap<>();
            for (Node child : nodesGroup.getChildren().values()) {
                if (!(child instanceof Group g)) {
                    throw bad(file, "/node/nodes/" + child.getName() + " is a dataset, expected a node group");
                }
                nodes.put(child.getName(), readNode(file, g));
            }
            List<NirEdge> edges = readEdges(file, top, nodes);
            Map<String, Object> metadata = new LinkedHashMap<>();
            if (top.getChildren().get("metadata") instanceof Group meta) {
                for (Node m : meta.getChildren().values()) {
                    if (m instanceof Dataset d) {
                        metadata.put(m.getName(), metadataValue(file, d));
                    }
                }
            }
            return new NirGraph(version, nodes, edges, metadata);
        } catch (SpikecoderException e) {
            throw e;
        } catch (RuntimeException e) {
            // jhdf reports a non-HDF5, truncated or damaged file with unchecked exceptions of its own
            throw bad(file, "not a readable HDF5 file: " + firstLine(e));
        }
    }

    private static NirNode readNode(Path file, Group g) {
        String where = "node '" + g.getName() + "'";
        if (!(g.getChildren().get("type") instanceof Dataset)) {
            throw bad(file, where + " has no type");
        }
        String type = string(file, g, "type");
        Map<String, NirTensor> fields = new LinkedHashMap<>();
        if (!"NIRGraph".equals(type)) {
            for (Node child : g.getChildren().values()) {
                // strings other than the type, and groups (metadata), carry nothing spikecoder simulates
                if (child instanceof Dataset d && d.getJavaType() != String.class) {
                    fields.put(child.getName(), tensor(file, where + " field " + child.getName(), d));
                }
            }
        }
        return new NirNode(type, fields);
    }

    private static List<NirEdge> readEdges(Path file, Group top, Map<String, NirNode> nodes) {
        if (!(top.getChildren().get("edges") instanceof Dataset d)) {
            throw bad(file, "/node has no edges dataset");
        }
        int[] dims = d.getDimensions();
        if (d.getJavaType() != String.class) {
            throw bad(file, "/node/edges holds " + d.getJavaType().getSimpleName() + ", expected node names");
        }
        boolean empty = dims.length >= 1 && dims[0] == 0;
        if (!empty && (dims.length != 2 || dims[1] != 2)) {
            throw bad(file, "/node/edges has shape " + Arrays.toString(dims) + ", expected (E, 2)");
        }
        List<NirEdge> edges = new ArrayList<>();
        if (empty) {
            return edges;
        }
        String[] flat = (String[]) d.getDataFlat();
        for (int i = 0; i < flat.length; i += 2) {
            NirEdge e = new NirEdge(flat[i], flat[i + 1]);
            for (String end : new String[] {e.source(), e.target()}) {
                if (!nodes.containsKey(end)) {
                    throw bad(file, "edge " + e + " names node '" + end + "', which the file does not have");
                }
            }
            edges.add(e);
        }
        return edges;
    }

    private static Object metadataValue(Path file, Dataset d) {
        if (d.getJavaType() == String.class) {
            return d.isScalar() ? (String) d.getData() : String.join(",", (String[]) d.getDataFlat());
        }
        NirTensor t = tensor(file, "metadata " + d.getName(), d);
        if (t.rank() == 0) {
            return t.type() == NirTensor.Type.INT64 ? (Object) (long) t.get(0) : (Object) t.get(0);
        }
        return t;
    }

    private static NirTensor tensor(Path file, String where, Dataset d) {
        int[] shape = d.isScalar() ? new int[0] : d.getDimensions();
        Object data = d.isScalar() ? d.getData() : d.getDataFlat();
        if (data instanceof float[] f) {
            return NirTensor.ofFloats(shape, f);
        }
        if (data instanceof Float f) {
            return NirTensor.ofFloats(shape, new float[] {f});
        }
        if (data instanceof double[] v) {
            return NirTensor.ofDoubles(NirTensor.Type.FLOAT64, shape, v);
        }
        if (data instanceof Double v) {
            return NirTensor.ofDoubles(NirTensor.Type.FLOAT64, shape, new double[] {v});
        }
        double[] v = integers(data);
        if (v == null) {
            throw bad(file, where + " holds " + d.getJavaType().getSimpleName() + ", expected numbers");
        }
        return NirTensor.ofDoubles(NirTensor.Type.INT64, shape, v);
    }

    /* Integer datasets of any width (h5py writes Python ints as int64, numpy arrays keep their dtype). */
    private static double[] integers(Object data) {
        if (data instanceof Number n) {
            return new double[] {n.doubleValue()};
        }
        if (data instanceof long[] a) {
            return Arrays.stream(a).asDoubleStream().toArray();
        }
        if (data instanceof int[] a) {
            return Arrays.stream(a).asDoubleStream().toArray();
        }
        if (data instanceof short[] a) {
            double[] v = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                v[i] = a[i];
            }
            return v;
        }
        if (data instanceof byte[] a) {
            double[] v = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                v[i] = a[i];
            }
            return v;
        }
        return null;
    }

    private static Group group(Path file, Group parent, String name, String missing) {
        if (!(parent.getChildren().get(name) instanceof Group g)) {
            throw bad(file, missing);
        }
        return g;
    }

    private static String string(Path file, Group parent, String name) {
        Node n = parent.getChildren().get(name);
        String path = parent.getPath() + name;
        if (!(n instanceof Dataset d) || d.getJavaType() != String.class) {
            throw bad(file, path + (n == null ? " is missing" : " is not a string"));
        }
        Object v = d.isScalar() ? d.getData() : d.getDataFlat();
        if (v instanceof String s) {
            return s;
        }
        String[] a = (String[]) v;
        if (a.length != 1) {
            throw bad(file, path + " holds " + a.length + " strings, expected one");
        }
        return a[0];
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(e.getClass().getSimpleName());
    }

    static SpikecoderException bad(Path file, String why) {
        return new SpikecoderException(file + ": " + why);
    }
}
