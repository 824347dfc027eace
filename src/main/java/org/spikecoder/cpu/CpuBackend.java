package org.spikecoder.cpu;

import java.util.Arrays;

import org.spikecoder.SpikecoderException;
import org.spikecoder.engine.AdamBias;

import org.spikecoder.engine.Backend;
import org.spikecoder.engine.BatchInput;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Optimizer;
import org.spikecoder.model.TraceMode;
import org.spikecoder.model.TrainConfig;

/**
 * The plain-Java reference backend: the paper's training algorithm composed from {@link CpuKernels}, in the same
 * order as {@code OpenClBackend} launches its kernels.
 */
public final class CpuBackend implements Backend {
    private final NetworkSpec net;
    private final TrainConfig config;
    /** The rate of this batch's updates: the config's unless a schedule set another. */
    private float learningRate;
    private final int capacity;
    private final int layers;

    private final float[][] weights;
    private final float[][] grads;
    private final float[][] adamM;
    private final float[][] adamV;
    private final float[][] vmem;
    private final float[][] vPre;
    private final float[][] z;
    private final float[][] delta;
    /** spikes[0] is the input layer. */
    private final float[][] spikes;
    private final int[][] counts;
    /** PER_NEURON: (T+1) x B x pre never-reset traces, step 0 all zero. SHARED_SCALED: B x pre. */
    private final float[][] traces;
    private final int[][] lastReset;
    private final long bytes;

    private BatchInput batch;
    private int batchSize;
    private double loss;
    private int record = -1;
    private byte[] raster;

    public CpuBackend(NetworkSpec net, TrainConfig config) {
        checkFits(net, config);
        this.net = net;
        this.config = config;
        this.learningRate = config.learningRate();
        this.capacity = config.batchSize();
        this.layers = net.layers();
        int steps = config.steps();
        weights = new float[layers + 1][];
        grads = new float[layers + 1][];
        adamM = new float[layers + 1][];
        adamV = new float[layers + 1][];
        vmem = new float[layers + 1][];
        vPre = new float[layers + 1][];
        z = new float[layers + 1][];
        delta = new float[layers + 1][];
        spikes = new float[layers + 1][];
        counts = new int[layers + 1][];
        traces = new float[layers + 1][];
        lastReset = new int[layers + 1][];
        spikes[0] = new float[capacity * net.size(0)];
        counts[0] = new int[capacity * net.size(0)];
        for (int l = 1; l <= layers; l++) {
            int n = net.size(l);
            int pre = net.size(l - 1);
            int wc = Math.toIntExact(net.weightCount(l));
            weights[l] = new float[wc];
            grads[l] = new float[wc];
            if (config.optimizer() == Optimizer.ADAM) {
                adamM[l] = new float[wc];
                adamV[l] = new float[wc];
            }
            int act = capacity * n;
            vmem[l] = new float[act];
            vPre[l] = new float[act];
            z[l] = new float[act];
            delta[l] = new float[act];
            spikes[l] = new float[act];
            counts[l] = new int[act];
            if (config.traceMode() == TraceMode.PER_NEURON) {
                traces[l] = new float[Math.toIntExact((long) (steps + 1) * capacity * pre)];
                lastReset[l] = new int[act];
            } else {
                traces[l] = new float[capacity * pre];
            }
        }
        bytes = requiredBytes(net, config);
    }

    /** Bytes of the arrays this backend allocates for the network and batch size. */
    public static long requiredBytes(NetworkSpec net, TrainConfig config) {
        long b = config.batchSize();
        long floats = 2 * b * net.size(0);
        for (int l = 1; l <= net.layers(); l++) {
            long wc = net.weightCount(l);
            long act = b * net.size(l);
            floats += (config.optimizer() == Optimizer.ADAM ? 4 : 2) * wc + 6 * act;
            floats += config.traceMode() == TraceMode.PER_NEURON
                    ? (config.steps() + 1L) * b * net.size(l - 1) + act
                    : b * net.size(l - 1);
        }
        return 4 * floats;
    }

    /**
     * Fails with one clear line, before anything is allocated, when the network cannot fit in Java arrays or in the
     * heap this JVM may grow to.
     */
    private static void checkFits(NetworkSpec net, TrainConfig config) {
        for (int l = 1; l <= net.layers(); l++) {
            long hist = (config.steps() + 1L) * config.batchSize() * net.size(l - 1);
            if (net.weightCount(l) > Integer.MAX_VALUE - 8) {
                throw new SpikecoderException("network " + net + " is too large for the CPU backend's arrays (layer "
                        + l + " has " + net.weightCount(l) + " weights); use a smaller --hidden");
            }
            if (hist > Integer.MAX_VALUE - 8) {
                throw new SpikecoderException("network " + net + " with --batch " + config.batchSize() + " and --steps "
                        + config.steps() + " is too large for the CPU backend's trace arrays (layer " + l + "); use a"
                        + " smaller --batch or --steps, or --backend opencl");
            }
        }
        long need = requiredBytes(net, config);
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > available) {
            throw new SpikecoderException(String.format("the CPU backend needs %.2f GiB for network %s with --batch"
                    + " %d and --steps %d but the Java heap has %.2f GiB free; use a smaller --batch, --steps or"
                    + " --hidden, or raise the heap with SPIKECODER_JAVA_OPTS=-Xmx<size>", need / 1073741824.0, net,
                    config.batchSize(), config.steps(), available / 1073741824.0));
        }
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String deviceName() {
        return "Java reference on " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    @Override
    public NetworkSpec network() {
        return net;
    }

    @Override
    public TrainConfig config() {
        return config;
    }

    @Override
    public void setWeights(float[][] w) {
        net.checkWeights(w);
        for (int l = 1; l <= layers; l++) {
            System.arraycopy(w[l - 1], 0, weights[l], 0, weights[l].length);
        }
    }

    @Override
    public float[][] readWeights() {
        float[][] out = new float[layers][];
        for (int l = 1; l <= layers; l++) {
            out[l - 1] = weights[l].clone();
        }
        return out;
    }

    @Override
    public void setLearningRate(float lr) {
        if (!(lr > 0) || !Float.isFinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
        }
        learningRate = lr;
    }

    @Override
    public void beginBatch(BatchInput input, int recordLayer) {
        if (input.size() < 1 || input.size() > capacity) {
            throw new IllegalArgumentException("batch of " + input.size() + " does not fit capacity " + capacity);
        }
        batch = input;
        batchSize = input.size();
        loss = 0;
        for (int l = 0; l <= layers; l++) {
            Arrays.fill(counts[l], 0);
            if (l == 0) {
                continue;
            }
            Arrays.fill(vmem[l], 0f);
            Arrays.fill(traces[l], 0f);
            if (lastReset[l] != null) {
                Arrays.fill(lastReset[l], 0);
            }
            if (adamM[l] != null) {
                Arrays.fill(adamM[l], 0f);
                Arrays.fill(adamV[l], 0f);
            }
        }
        record = recordLayer;
        raster = recordLayer >= 0 ? new byte[batchSize * config.steps() * net.size(recordLayer)] : null;
    }

    @Override
    public void step(int t, boolean learn) {
        if (batch == null) {
            throw new IllegalStateException("beginBatch first");
        }
        int b = batchSize;
        float decay = config.decay();
        float th = config.threshold();
        CpuKernels.poissonEncode(batch.rates(), batch.sampleIds(), b, net.size(0), batch.stepOffset() + t,
                batch.stream(), config.seed(), config.maxRate(), spikes[0], counts[0]);
        for (int l = 1; l <= layers; l++) {
            int n = net.size(l);
            int pre = net.size(l - 1);
            CpuKernels.synapticInput(weights[l], n, pre, spikes[l - 1], b, z[l]);
            CpuKernels.lifUpdate(vmem[l], z[l], b * n, decay, th, config.clampMembrane(), vPre[l], spikes[l],
                    counts[l]);
            if (learn) {
                advanceTrace(l, t);
            }
        }
        if (record >= 0) {
            CpuKernels.recordRaster(spikes[record], batchSize, net.size(record), config.steps(), t, raster);
        }
        if (learn) {
            learn(t);
        }
    }

    private void advanceTrace(int l, int t) {
        int count = batchSize * net.size(l - 1);
        if (config.traceMode() == TraceMode.PER_NEURON) {
            // Step-major history: step t's never-reset trace is written beside step t-1's.
            int stride = capacity * net.size(l - 1);
            CpuKernels.traceUpdate(traces[l], (t - 1) * stride, spikes[l - 1], count, config.decay(), traces[l],
                    t * stride);
        } else {
            CpuKernels.traceUpdate(traces[l], 0, spikes[l - 1], count, config.decay(), traces[l], 0);
        }
    }

    private void learn(int t) {
        int b = batchSize;
        float th = config.threshold();
        int out = net.outputSize();
        // The target of step t: the input spikes (autoencoder), or step (t - 1) mod Th of the replayed B x Th x out
        // target maps (audiocoder).
        float[] target = batch.reconstructsInput() ? spikes[0] : batch.targets();
        int stride = batch.reconstructsInput() ? out : batch.targetSteps() * out;
        int offset = batch.reconstructsInput() ? 0 : ((t - 1) % batch.targetSteps()) * out;
        loss += CpuKernels.maskedError(target, stride, offset, spikes[layers], vPre[layers], out, b, th,
                config.mask(), delta[layers]) / b;
        for (int l = layers - 1; l >= 1; l--) {
            CpuKernels.surrogateDelta(weights[l + 1], net.size(l + 1), net.size(l), delta[l + 1], vPre[l], b, th,
                    delta[l]);
        }
        for (int l = 1; l <= layers; l++) {
            int n = net.size(l);
            int pre = net.size(l - 1);
            if (config.traceMode() == TraceMode.PER_NEURON) {
                CpuKernels.weightGradPerNeuron(delta[l], traces[l], lastReset[l], t, config.decay(), b, capacity, n,
                        pre, grads[l]);
                CpuKernels.updateLastReset(spikes[l], b * n, t, lastReset[l]);
            } else {
                CpuKernels.weightGradShared(delta[l], traces[l], b, n, pre, grads[l]);
                CpuKernels.sharedTraceScale(traces[l], spikes[l], b, pre, n, config.sharedTraceDivisor());
            }
        }
        float wd = config.effectiveWeightDecay();
        float c1 = AdamBias.firstMoment(config.beta1(), t);
        float c2 = AdamBias.secondMoment(config.beta2(), t);
        for (int l = 1; l <= layers; l++) {
            if (config.optimizer() == Optimizer.ADAM) {
                CpuKernels.adamUpdate(weights[l], grads[l], adamM[l], adamV[l], weights[l].length,
                        learningRate, config.beta1(), config.beta2(), config.epsilon(), wd, c1, c2);
            } else {
                CpuKernels.sgdUpdate(weights[l], grads[l], weights[l].length, learningRate, wd);
            }
        }
    }

    @Override
    public double readLoss() {
        return loss;
    }

    @Override
    public int[] readSpikeCounts(int layer) {
        return Arrays.copyOf(counts[layer], batchSize * net.size(layer));
    }

    @Override
    public byte[] readSpikeRaster() {
        if (raster == null) {
            throw new IllegalStateException("no layer was recorded in this batch");
        }
        return raster.clone();
    }

    @Override
    public long peakMemoryBytes() {
        return bytes;
    }

    @Override
    public void close() {
        // Nothing to release: the arrays belong to the garbage collector.
    }
}
