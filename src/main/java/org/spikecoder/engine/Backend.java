package org.spikecoder.engine;

import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;

/**
 * A place where a spiking network lives and learns: the plain-Java reference ({@code CpuBackend}) or an OpenCL
 * device ({@code OpenClBackend}). The {@link Trainer} drives it batch by batch and step by step and knows nothing
 * else about it.
 *
 * <p>State (weights, optimiser moments, membrane potentials, traces, spike maps) stays inside the backend across
 * the steps of a batch and across batches. Only the {@code read*} calls move data back to the host, so a caller
 * reads once per batch what it needs.
 */
public interface Backend extends AutoCloseable {

    /** "cpu" or "opencl". */
    String name();

    /** Human-readable device description, e.g. the OpenCL device name or the CPU's core count. */
    String deviceName();

    NetworkSpec network();

    TrainConfig config();

    /** Replaces all weights; {@code weights[l-1]} holds layer l as [post][pre]. Not modified. */
    void setWeights(float[][] weights);

    /** Copies the current weights back to the host. */
    float[][] readWeights();

    /**
     * Starts a batch: takes the inputs, zeroes membrane potentials, traces, spike counts and the loss, and restarts
     * the Adam moments and step count (moments are averaged over the steps of one batch, not across batches).
     *
     * @param record layer whose per-step spikes are kept for {@link #readSpikeRaster()}, or -1 for none
     */
    void beginBatch(BatchInput batch, int record);

    /**
     * Sets the learning rate of the weight updates from the next batch on (a schedule's rate for that batch); the
     * config's rate until called. Updates already made, or deferred from the batch before, keep the rate they were
     * made with.
     */
    void setLearningRate(float lr);

    /**
     * Simulates time step {@code t} (1-based, up to T): Poisson input, every layer's LIF update, and when
     * {@code learn} is set the masked membrane loss, the gradients and one weight update.
     */
    void step(int t, boolean learn);

    /**
     * Applies every weight update made so far (a backend may defer some to the next batch's start) and waits until the
     * device has done them, without copying anything back: what the next batch's start would do, for timing.
     */
    default void awaitUpdates() {
    }

    /** Sum over the steps so far of the batch-mean loss 0.5 * |E|^2. */
    double readLoss();

    /** B x size(layer) spike counts since {@link #beginBatch}; layer 0 is the input. */
    int[] readSpikeCounts(int layer);

    /** B x steps x size(record) spikes (0/1) of the recorded layer, sample-major. */
    byte[] readSpikeRaster();

    /** Largest number of bytes this backend has had allocated for the network at once. */
    long peakMemoryBytes();

    /** Kernel times and layout facts for {@code bench}, where the backend runs kernels on a device; else empty. */
    default java.util.Optional<KernelProfile> kernelProfile() {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
