package org.spikecoder.engine;

/** Receives a recorded layer's spikes batch by batch, in sample order, e.g. to stream them into a file. */
@FunctionalInterface
public interface SpikeSink {
    /**
     * @param first  index of the batch's first sample in the data set
     * @param count  samples in the batch
     * @param spikes count x T x size(layer) spikes (0/1), sample-major; only the first count*T*size are the batch's.
     *               Not to be kept: it may be reused.
     */
    void accept(int first, int count, byte[] spikes);
}
