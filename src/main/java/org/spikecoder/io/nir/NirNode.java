package org.spikecoder.io.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node of a NIR graph: its {@code type} ("Linear", "LIF", "Input", ...) and one dataset per numeric field, as
 * NIR stores them ({@code weight}, {@code tau}, {@code shape}, ...). A nested graph keeps its type "NIRGraph" and no
 * fields: spikecoder's networks are flat chains, so it is only ever refused.
 *
 * @param type   the node's NIR type name
 * @param fields numeric fields by name, in the order written
 */
public record NirNode(String type, Map<String, NirTensor> fields) {

    public NirNode {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The field {@code name}, or null when the node has none. */
    public NirTensor field(String name) {
        return fields.get(name);
    }

    public static NirNode input(int size) {
        return new NirNode("Input", Map.of("shape", NirTensor.int64(size)));
    }

    public static NirNode output(int size) {
        return new NirNode("Output", Map.of("shape", NirTensor.int64(size)));
    }
}
