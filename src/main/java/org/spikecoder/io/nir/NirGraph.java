package org.spikecoder.io.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The top-level graph of a NIR file ({@code /node}, type "NIRGraph").
 *
 * @param version  the file's {@code /version} string ("unknown" when it has none)
 * @param nodes    nodes by name, in the order written (a file read back lists them as HDF5 does, by name)
 * @param edges    (source, target) pairs
 * @param metadata the graph's {@code metadata} group: String, Double or Long values, or NirTensor for arrays
 */
public record NirGraph(String version, Map<String, NirNode> nodes, List<NirEdge> edges, Map<String, Object> metadata) {

    /** The NIR version spikecoder's files follow: the node fields of neuromorphs/NIR v1.0.x. */
    public static final String VERSION = "1.0.7";

    public NirGraph {
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        edges = List.copyOf(edges);
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        for (Object v : metadata.values()) {
            if (!(v instanceof String || v instanceof Double || v instanceof Long || v instanceof NirTensor)) {
                throw new IllegalArgumentException("metadata values are String, Double, Long or NirTensor, got "
                        + (v == null ? "null" : v.getClass().getSimpleName()));
            }
        }
    }
}
