package org.spikecoder.engine;

import org.spikecoder.data.ImageDataset;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.rng.Philox;

/**
 * Runs batches of T steps on a {@link Backend}: training epochs of the autoencoder and its evaluation. Knows only the
 * backend interface, so the CPU reference and the OpenCL device train through the same loop.
 */
public final class Trainer {
    private final Backend backend;
    private final TrainConfig config;

    public Trainer(Backend backend) {
        this.backend = backend;
        this.config = backend.config();
    }

    /** Number of batches in one epoch over {@code n} samples (the last one may be short). */
    public int batchesPerEpoch(int n) {
        return (n + config.batchSize() - 1) / config.batchSize();
    }

    /**
     * Sample order of an epoch: a Fisher-Yates shuffle driven by Philox keyed by (seed, epoch), so a resumed run
     * visits the samples in the same order as an uninterrupted one.
     */
    public static int[] epochOrder(int n, int epoch, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            float u = Philox.uniform(seed, i, epoch, 0, Philox.STREAM_SHUFFLE);
            int j = Math.min(i, (int) (u * (i + 1)));
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /**
     * Trains batches {@code fromBatch}.. of one epoch, calling {@code listener} after each.
     *
     * @param stopAfter a hook asked after each batch whether to stop early (used for checkpoints and interruption)
     * @return index of the next batch to run (batches-per-epoch when the epoch is complete)
     */
    public int trainEpoch(ImageDataset data, int epoch, int fromBatch, TrainListener listener, BatchHook stopAfter) {
        return trainEpoch(ImageSamples.all(data), epoch, fromBatch, listener, stopAfter);
    }

    /** As {@link #trainEpoch(ImageDataset, int, int, TrainListener, BatchHook)} for any sample source. */
    public int trainEpoch(SampleSource data, int epoch, int fromBatch, TrainListener listener, BatchHook stopAfter) {
        int n = data.count();
        int[] order = epochOrder(n, epoch, config.seed());
        int batches = batchesPerEpoch(n);
        for (int bi = fromBatch; bi < batches; bi++) {
            int start = bi * config.batchSize();
            int size = Math.min(config.batchSize(), n - start);
            int[] ids = new int[size];
            System.arraycopy(order, start, ids, 0, size);
            backend.setLearningRate(config.learningRateAt(epoch, bi, batches));
            backend.beginBatch(batch(data, ids, epoch * config.steps(), Philox.STREAM_TRAIN_INPUT), -1);
            for (int t = 1; t <= config.steps(); t++) {
                backend.step(t, true);
            }
            double loss = backend.readLoss() / config.steps();
            if (!Double.isFinite(loss)) {
                throw new org.spikecoder.SettingException("training diverged: loss is %s at epoch %s batch %s; try a"
                        + " smaller {learningRate}", loss, epoch + 1, bi + 1);
            }
            listener.batchDone(epoch, bi, batches, size, loss);
            if (stopAfter.afterBatch(epoch, bi + 1, batches)) {
                return bi + 1;
            }
        }
        return batches;
    }

    /**
     * Runs the network for T steps on every image (no learning) and computes the paper's MSE and Spike-MSE, and the per-pixel MSE.
     *
     * @param keep how many images' output counts to keep for pictures
     */
    public EvalResult evaluate(ImageDataset data, int keep, TrainListener listener) {
        return evaluate(data, keep, listener, -1, null);
    }

    /**
     * As {@link #evaluate(ImageDataset, int, TrainListener)}, and every step's spikes of layer {@code record} go to
     * {@code sink} batch by batch (e.g. the hidden layer's spike maps, streamed into a file). Recording changes no
     * spike and no metric.
     *
     * @param record the layer to record, or -1 for none (then {@code sink} is not called)
     */
    public EvalResult evaluate(ImageDataset data, int keep, TrainListener listener, int record, SpikeSink sink) {
        int ppi = data.pixelsPerImage();
        int outputLayer = backend.network().layers();
        if (backend.network().outputSize() != ppi) {
            throw new IllegalArgumentException("autoencoder output " + backend.network().outputSize()
                    + " does not match image size " + ppi);
        }
        int n = data.count();
        float[][] counts = spikeCounts(ImageSamples.all(data), new int[] {0, outputLayer}, listener, record, sink);
        double mse = 0;
        double spikeMse = 0;
        double pixelMse = 0;
        for (int s = 0; s < n; s++) {
            mse += Metrics.zscoredMse(data.pixels(), s * ppi, counts[1], s * ppi, ppi);
            spikeMse += Metrics.zscoredMse(counts[0], s * ppi, counts[1], s * ppi, ppi);
            pixelMse += Metrics.pixelMse(data.pixels(), s * ppi, counts[1], s * ppi, ppi, config.steps());
        }
        int kept = Math.min(keep, n);
        return new EvalResult(mse / n, spikeMse / n, pixelMse / n, n, java.util.Arrays.copyOf(counts[1], kept * ppi), kept);
    }

    /**
     * Runs the network for T steps on every sample without learning (evaluation spikes: Philox stream
     * {@link Philox#STREAM_EVAL_INPUT}, step offset 0) and returns the spike counts of the given layers.
     *
     * @return one array per requested layer, count x size(layer), sample after sample
     */
    public float[][] spikeCounts(SampleSource data, int[] layers, TrainListener listener) {
        return spikeCounts(data, layers, listener, -1, null);
    }

    private float[][] spikeCounts(SampleSource data, int[] layers, TrainListener listener, int record,
                                  SpikeSink sink) {
        int n = data.count();
        float[][] out = new float[layers.length][];
        for (int k = 0; k < layers.length; k++) {
            out[k] = new float[n * backend.network().size(layers[k])];
        }
        int batches = batchesPerEpoch(n);
        for (int bi = 0; bi < batches; bi++) {
            int start = bi * config.batchSize();
            int size = Math.min(config.batchSize(), n - start);
            simulate(data, consecutive(start, size), sink == null ? -1 : record);
            if (sink != null && record >= 0) {
                sink.accept(start, size, backend.readSpikeRaster());
            }
            for (int k = 0; k < layers.length; k++) {
                int[] c = backend.readSpikeCounts(layers[k]);
                int width = backend.network().size(layers[k]);
                for (int i = 0; i < c.length; i++) {
                    out[k][start * width + i] = c[i];
                }
            }
            listener.evalBatchDone(bi, batches, size);
        }
        return out;
    }

    /**
     * Runs the network for T steps on the given samples without learning and returns the first {@code steps} steps
     * of layer {@code layer}'s spikes: count x steps x size(layer), as 0/1 floats. This is how the autoencoder's
     * hidden spike maps become the audiocoder's targets.
     */
    public float[] spikeMaps(SampleSource data, int layer, int steps) {
        if (steps < 1 || steps > config.steps()) {
            throw new IllegalArgumentException("steps " + steps + " outside 1.." + config.steps());
        }
        int n = data.count();
        int width = backend.network().size(layer);
        float[] out = new float[n * steps * width];
        for (int start = 0; start < n; start += config.batchSize()) {
            int size = Math.min(config.batchSize(), n - start);
            simulate(data, consecutive(start, size), layer);
            byte[] raster = backend.readSpikeRaster();
            for (int s = 0; s < size; s++) {
                for (int k = 0; k < steps * width; k++) {
                    out[(start + s) * steps * width + k] = raster[s * config.steps() * width + k];
                }
            }
        }
        return out;
    }

    /**
     * Every layer's spikes, step by step, for the samples {@code ids} evaluated as {@link #evaluate} does (the same
     * input spikes: they depend only on the sample, the step and the seed): one run per layer, recording it.
     *
     * @param ids at most one batch of samples
     * @return per layer 0..L (0 is the input), ids.length x T x size(layer) spikes (0/1), sample-major
     */
    public byte[][] spikeRasters(SampleSource data, int[] ids) {
        if (ids.length > config.batchSize()) {
            throw new IllegalArgumentException(ids.length + " samples, more than a batch of " + config.batchSize());
        }
        int layers = backend.network().layers();
        byte[][] out = new byte[layers + 1][];
        for (int l = 0; l <= layers; l++) {
            simulate(data, ids, l);
            out[l] = java.util.Arrays.copyOf(backend.readSpikeRaster(),
                    ids.length * config.steps() * backend.network().size(l));
        }
        return out;
    }

    /**
     * One batch of samples {@code ids} run for T steps without learning, with evaluation spikes (Philox stream
     * {@link Philox#STREAM_EVAL_INPUT}, step offset 0): the same input spikes whatever the batching.
     *
     * @param record the layer whose spikes the backend keeps for its raster, or -1
     */
    private void simulate(SampleSource data, int[] ids, int record) {
        backend.beginBatch(batch(data, ids, 0, Philox.STREAM_EVAL_INPUT), record);
        for (int t = 1; t <= config.steps(); t++) {
            backend.step(t, false);
        }
    }

    /** The sample indices start, start + 1, ..., start + size - 1. */
    private static int[] consecutive(int start, int size) {
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) {
            ids[i] = start + i;
        }
        return ids;
    }

    /** The batch of samples {@code ids}: their intensities, and their targets when the source has any. */
    public static BatchInput batch(SampleSource data, int[] ids, int stepOffset, int stream) {
        float[] rates = gather(data, ids);
        int th = data.targetSteps();
        if (th == 0) {
            return BatchInput.autoencoder(rates, ids.length, ids, stepOffset, stream);
        }
        int per = th * data.targetSize();
        float[] targets = new float[ids.length * per];
        for (int s = 0; s < ids.length; s++) {
            data.copyTarget(ids[s], targets, s * per);
        }
        return new BatchInput(rates, ids.length, ids, stepOffset, stream, targets, th);
    }

    private static float[] gather(SampleSource data, int[] ids) {
        int n = data.inputSize();
        float[] rates = new float[ids.length * n];
        for (int s = 0; s < ids.length; s++) {
            data.copyRates(ids[s], rates, s * n);
        }
        return rates;
    }

    /** Asked after every batch; returning true stops the epoch there. */
    @FunctionalInterface
    public interface BatchHook {
        boolean afterBatch(int epoch, int batchesDone, int batches);

        BatchHook NEVER = (e, d, b) -> false;
    }
}
