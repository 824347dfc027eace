package org.spikecoder.engine;

import java.util.Map;

/**
 * What a device backend can tell a benchmark about its kernels: per-kernel device times (recorded when the backend
 * was opened with profiling on) and the facts of its layout that decide how much work a kernel did.
 */
public interface KernelProfile {

    /** Launches of one kernel and their summed device time. */
    record KernelTime(long launches, long nanos) {
    }

    /** Forgets the times recorded so far (after warm-up batches). */
    void resetTimes();

    /** Device time per kernel name since the last {@link #resetTimes}, waiting for the device first. */
    Map<String, KernelTime> kernelTimes();

    /** Whether the synaptic input reads transposed weight copies (which changes the bytes it moves). */
    boolean transposedWeights();

    /** Whether layer {@code l}'s gradient runs along its inputs (weight_grad_input_major_update). */
    default boolean inputMajorGradient(int l) {
        return false;
    }

    /** Device bytes of the weights and the optimiser state. */
    long weightsAndOptimizerBytes();
}
