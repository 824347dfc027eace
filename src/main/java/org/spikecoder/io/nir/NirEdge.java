package org.spikecoder.io.nir;

/** A NIR edge: the output of node {@code source} is the input of node {@code target}. */
public record NirEdge(String source, String target) {
    @Override
    public String toString() {
        return source + " -> " + target;
    }
}
