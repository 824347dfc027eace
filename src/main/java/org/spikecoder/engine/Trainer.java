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
        return trainEpoch(images(data), epoch, fromBatch, listener, stopAfter);
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
            backend.beginBatch(batch(data, ids, epoch * config.steps(), Philox.STREAM_TRAIN_INPUT), -1);
            for (int t = 1; t <= config.steps(); t++) {
                backend.step(t, true);
            }
            double loss = backend.readLoss() / config.steps();
            if (!Double.isFinite(loss)) {
                throw new org.spikecoder.SpikecoderException("training diverged: loss is " + loss + " at epoch "
                        + (epoch + 1) + " batch " + (bi + 1) + "; try a smaller --lr");
            }
            listener.batchDone(epoch, bi, batches, size, loss);
            if (stopAfter.afterBatch(epoch, bi + 1, batches)) {
                return bi + 1;
            }
        }
        return batches;
    }

    /**
     * Runs the network for T steps on every image (no learning) and computes the paper's MSE and Spike-MSE.
     *
     * @param keep how many images' output counts to keep for pictures
     */
    public EvalResult evaluate(ImageDataset data, int keep, TrainListener listener) {
        int n = data.count();
        int ppi = data.pixelsPerImage();
        int out = backend.network().outputSize();
        if (out != ppi) {
            throw new IllegalArgumentException("autoencoder output " + out + " does not match image size " + ppi);
        }
        int batches = batchesPerEpoch(n);
        double mse = 0;
        double spikeMse = 0;
        int kept = Math.min(keep, n);
        float[] keptCounts = new float[kept * out];
        int outputLayer = backend.network().layers();
        for (int bi = 0; bi < batches; bi++) {
            int start = bi * config.batchSize();
            int size = Math.min(config.batchSize(), n - start);
            int[] ids = new int[size];
            for (int i = 0; i < size; i++) {
                ids[i] = start + i;
            }
            float[] rates = gather(images(data), ids);
            backend.beginBatch(BatchInput.autoencoder(rates, size, ids, 0, Philox.STREAM_EVAL_INPUT), -1);
            for (int t = 1; t <= config.steps(); t++) {
                backend.step(t, false);
            }
            float[] inCounts = Metrics.toFloat(backend.readSpikeCounts(0));
            float[] outCounts = Metrics.toFloat(backend.readSpikeCounts(outputLayer));
            for (int s = 0; s < size; s++) {
                mse += Metrics.zscoredMse(rates, s * ppi, outCounts, s * out, ppi);
                spikeMse += Metrics.zscoredMse(inCounts, s * ppi, outCounts, s * out, ppi);
                int global = start + s;
                if (global < kept) {
                    System.arraycopy(outCounts, s * out, keptCounts, global * out, out);
                }
            }
            listener.evalBatchDone(bi, batches, size);
        }
        return new EvalResult(mse / n, spikeMse / n, n, keptCounts, kept);
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

    /** Images as a sample source for an autoencoder. */
    public static SampleSource images(ImageDataset data) {
        return new SampleSource() {
            @Override
            public int count() {
                return data.count();
            }

            @Override
            public int inputSize() {
                return data.pixelsPerImage();
            }

            @Override
            public void copyRates(int i, float[] dst, int offset) {
                System.arraycopy(data.pixels(), i * data.pixelsPerImage(), dst, offset, data.pixelsPerImage());
            }
        };
    }

    /** Asked after every batch; returning true stops the epoch there. */
    @FunctionalInterface
    public interface BatchHook {
        boolean afterBatch(int epoch, int batchesDone, int batches);

        BatchHook NEVER = (e, d, b) -> false;
    }
}
