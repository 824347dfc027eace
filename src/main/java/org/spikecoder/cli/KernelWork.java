package org.spikecoder.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Optimizer;
import org.spikecoder.model.TraceMode;
import org.spikecoder.model.TrainConfig;

/**
 * The work of the heavy kernels in the timed training steps of {@code bench --profile}, so that their times become
 * achieved GB/s and GFLOP/s (docs/KERNELS.md, roofline). Two counts per kernel:
 * <ul>
 *   <li>dense: every weight times every sample, as a dense implementation would do (a flop is a float add or
 *       multiply; the fused gradient counts 4 per (b, j, i) term and 14 per weight for Adam, SGD 3);</li>
 *   <li>useful: only the non-zero terms, from the measured spikes: synaptic input adds one weight row per input
 *       event; the gradient terms of inputs that have spiked in the batch (an upper bound: counted from the spikes
 *       at the end of the timed steps).</li>
 * </ul>
 * Bytes are the least a step must move from memory: the weights (and Adam moments) read, and written where updated.
 * The update of every weight is counted with the gradient kernel, also where the OpenCL backend defers it to
 * adam_catch_up (a big layer's silent inputs), so that kernel's figures are upper bounds there.
 */
final class KernelWork {
    private final NetworkSpec net;
    private final TrainConfig config;
    private final Map<String, double[]> work = new LinkedHashMap<>(); // name -> {denseFlops, usefulFlops, bytes}

    KernelWork(NetworkSpec net, TrainConfig config) {
        this.net = net;
        this.config = config;
    }

    /**
     * Adds one timed training batch.
     *
     * @param batch       samples in it
     * @param steps       timed steps of it
     * @param events      per layer l >= 1, input spikes of layer l summed over the timed steps and samples
     * @param liveInputs  per layer l >= 1, (sample, input) pairs of layer l's input that spiked at least once
     * @param inputMajor  whether layer l's gradient runs in weight_grad_input_major_update (the same work)
     */
    void addBatch(int batch, int steps, long[] events, long[] liveInputs, boolean transposed,
                  java.util.function.IntPredicate inputMajor) {
        boolean adam = config.optimizer() == Optimizer.ADAM;
        for (int l = 1; l <= net.layers(); l++) {
            double post = net.size(l);
            double pre = net.size(l - 1);
            double weights = post * pre;
            String synaptic = transposed ? "synaptic_input_t" : "synaptic_input";
            add(synaptic, steps * batch * weights, events[l] * post, steps * (weights * 4 + batch * post * 4));
            String grad = inputMajor.test(l) ? "weight_grad_input_major_update"
                    : config.traceMode() == TraceMode.PER_NEURON ? "weight_grad_per_neuron_update"
                    : "weight_grad_shared_update";
            double update = (adam ? 14 : 3) * weights;
            double perTerm = config.traceMode() == TraceMode.PER_NEURON ? 4 : 2;
            add(grad, steps * (perTerm * batch * weights + update), steps * (perTerm * liveInputs[l] * post + update),
                    steps * weights * 4 * (adam ? 6 : 2));
            if (l < net.layers()) {
                double next = net.size(l + 1);
                add("surrogate_delta", steps * 2 * batch * next * post, steps * 2 * batch * next * post,
                        steps * (next * post * 4 + batch * post * 8));
            }
        }
    }

    private void add(String kernel, double dense, double useful, double bytes) {
        double[] w = work.computeIfAbsent(kernel, k -> new double[3]);
        w[0] += dense;
        w[1] += useful;
        w[2] += bytes;
    }

    /** {dense flops, useful flops, bytes} of a kernel, or null when it is not counted. */
    double[] of(String kernel) {
        return work.get(kernel);
    }
}
