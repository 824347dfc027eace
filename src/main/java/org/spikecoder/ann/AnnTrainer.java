package org.spikecoder.ann;

import java.util.stream.IntStream;

import org.spikecoder.SpikecoderException;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.engine.Metrics;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.engine.Trainer;

/** Epochs of mini-batch training and the paper's z-scored MSE for an {@link AnnAutoencoder}. */
public final class AnnTrainer {
    private static final int EVAL_CHUNK = 1000;

    private AnnTrainer() {
    }

    /**
     * Trains one epoch in the seeded order {@link Trainer#epochOrder} (the SNN trainer's permutation, so both see the
     * images in the same order for the same seed); the last batch may be smaller.
     *
     * @param net      Modified.
     * @param opt      Modified (step count, moments).
     * @param listener told each batch's mean loss 0.5 |x - y|^2 per image
     * @throws SpikecoderException when the loss stops being finite
     */
    public static void trainEpoch(AnnAutoencoder net, AnnOptimizer opt, ImageDataset data, int epoch, int batchSize,
                                  long seed, TrainListener listener) {
        trainEpoch(net.network(), opt, data.pixels(), data.pixels(), data.count(), epoch, batchSize, seed, listener);
    }

    /**
     * As {@link #trainEpoch(AnnAutoencoder, AnnOptimizer, ImageDataset, int, int, long, TrainListener)} for the
     * audiocoder baseline: clip i's spectrogram {@code inputs[i]} is trained towards its target vector
     * {@code targets[i]}.
     *
     * @param net     Modified.
     * @param opt     Modified (step count, moments).
     * @param inputs  count x net.inputs() values. Not modified.
     * @param targets count x net.code() values. Not modified.
     * @param listener told each batch's mean loss 0.5 |t - y|^2 per clip
     * @throws SpikecoderException when the loss stops being finite
     */
    public static void trainEpoch(AnnAudiocoder net, AnnOptimizer opt, float[] inputs, float[] targets, int count,
                                  int epoch, int batchSize, long seed, TrainListener listener) {
        trainEpoch(net.network(), opt, inputs, targets, count, epoch, batchSize, seed, listener);
    }

    /* One epoch of sample i -> target i; targets == inputs for an autoencoder (then the batch is copied once). */
    static void trainEpoch(Mlp net, AnnOptimizer opt, float[] inputs, float[] targets, int n, int epoch,
                           int batchSize, long seed, TrainListener listener) {
        int width = net.inputs();
        int tw = net.outputs();
        Mlp.checkInput(inputs, n, width);
        Mlp.checkInput(targets, n, tw);
        boolean auto = targets == inputs;
        int[] order = Trainer.epochOrder(n, epoch, seed);
        int batches = (n + batchSize - 1) / batchSize;
        float[] x = new float[batchSize * width];
        float[] t = auto ? x : new float[batchSize * tw];
        for (int bi = 0; bi < batches; bi++) {
            int start = bi * batchSize;
            int size = Math.min(batchSize, n - start);
            for (int k = 0; k < size; k++) {
                System.arraycopy(inputs, order[start + k] * width, x, k * width, width);
                if (!auto) {
                    System.arraycopy(targets, order[start + k] * tw, t, k * tw, tw);
                }
            }
            float[] xb = size == batchSize ? x : java.util.Arrays.copyOf(x, size * width);
            float[] tb = auto ? xb : size == batchSize ? t : java.util.Arrays.copyOf(t, size * tw);
            double loss = net.trainBatch(xb, tb, size, opt);
            if (!Double.isFinite(loss)) {
                throw new SpikecoderException("training diverged: loss is " + loss + " at epoch " + (epoch + 1)
                        + " batch " + (bi + 1) + "; try a smaller --lr");
            }
            listener.batchDone(epoch, bi, batches, size, loss);
        }
    }

    /**
     * Mean over the images of {@link Metrics#zscoredMse} between the pixels and the network's output, the metric of
     * the paper's Table 1 ({@code ae_ann_test.m}: {@code mse(zscore(input), zscore(output))}).
     *
     * @param keep how many of the first reconstructions to return (for pictures)
     * @return the metric and the first {@code keep} outputs
     */
    public static Evaluation evaluate(AnnAutoencoder net, ImageDataset data, int keep, TrainListener listener) {
        int n = data.count();
        int ppi = data.pixelsPerImage();
        keep = Math.min(keep, n);
        float[] kept = new float[keep * ppi];
        double sum = 0;
        int chunks = (n + EVAL_CHUNK - 1) / EVAL_CHUNK;
        for (int c = 0; c < chunks; c++) {
            int from = c * EVAL_CHUNK;
            int size = Math.min(EVAL_CHUNK, n - from);
            float[] x = java.util.Arrays.copyOfRange(data.pixels(), from * ppi, (from + size) * ppi);
            float[] y = net.reconstruct(x, size);
            sum += IntStream.range(0, size).parallel()
                    .mapToDouble(i -> Metrics.zscoredMse(x, i * ppi, y, i * ppi, ppi)).sum();
            if (from < keep) {
                System.arraycopy(y, 0, kept, from * ppi, Math.min(keep - from, size) * ppi);
            }
            listener.evalBatchDone(c, chunks, size);
        }
        return new Evaluation(n == 0 ? Double.NaN : sum / n, kept);
    }

    /**
     * @param mse     mean z-scored MSE per image
     * @param outputs the first reconstructions, image after image. Not to be modified.
     */
    public record Evaluation(double mse, float[] outputs) {
    }
}
