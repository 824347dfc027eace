package org.spikecoder.opencl;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.spikecoder.cpu.CpuBackend;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.BatchInput;
import org.spikecoder.engine.WeightInit;
import org.spikecoder.model.LrSchedule;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Optimizer;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.rng.Philox;

/**
 * Whole training batches on an OpenCL device against the CPU reference: the cases that both the native parity
 * tests and {@code spikecoder verify} run, described once (as CLBlast's correctness tests and benchmarks share one
 * routine description). Same seed, same weights, several batches in a row (the last one short), then an evaluation
 * batch. After each batch the loss, the spike counts of every layer, the recorded raster and the weights must agree.
 *
 * <p>Tolerances: weights |d| <= 1e-6 + 1e-4 |expected| (the kernels match the reference's float operations, so in
 * practice they agree to the bit; the margin allows an ulp of exp in the hidden delta to propagate); spike counts
 * and rasters exactly; the loss 1e-6 relative.
 */
public final class BatchParity {
    static final double W_ABS = 1e-6;
    static final double W_REL = 1e-4;

    private BatchParity() {
    }

    /** Which kernel sizes a case runs with: the device's own, the GPU shape (VW = 1), or row blocks of 3. */
    public enum Shape { DEVICE, GPU, BLOCKED }

    /**
     * One comparison.
     *
     * @param silentTails spectrogram-like inputs: each sample silent after its own length, and the first and last
     *                    inputs silent in all (live extents and deferred updates come into play)
     * @param transposed  keep transposed weight copies (null: as the backend chooses for the device)
     * @param defer       defer the silent inputs' updates of layer 1 (null: as the backend chooses)
     */
    public record Case(String name, NetworkSpec net, TrainConfig config, int batches, boolean withTargets,
                       boolean silentTails, Shape shape, Boolean transposed, Boolean defer) {
    }

    /** The outcome of a case: the largest weight differences seen and the first failure, or null. */
    public record Result(Case test, String sizes, double maxAbs, double maxRel, String failure) {
        public boolean passed() {
            return failure == null;
        }
    }

    /** The cases; {@code quick} keeps only small networks, for a simulated device such as Oclgrind. */
    public static List<Case> cases(boolean quick) {
        List<Case> c = new ArrayList<>();
        TrainConfig paper = Preset.PAPER.defaults();
        TrainConfig authors = Preset.AUTHORS_CODE.defaults();
        NetworkSpec small = NetworkSpec.of(37, 11, 37);
        int smallSteps = quick ? 5 : 15;
        c.add(new Case("paper, Adam", small, paper.toBuilder().batchSize(8).steps(smallSteps).build(),
                quick ? 2 : 4, false, false, Shape.DEVICE, null, null));
        c.add(new Case("authors-code, Adam", small, authors.toBuilder().batchSize(8).steps(smallSteps).build(),
                quick ? 2 : 4, false, false, Shape.DEVICE, null, null));
        c.add(new Case("paper, SGD, GPU shape", small, paper.toBuilder().batchSize(8).steps(smallSteps)
                .optimizer(Optimizer.SGD).learningRate(0.05f).build(), 2, false, false, Shape.GPU, null, null));
        c.add(new Case("audiocoder targets, 3 layers", NetworkSpec.of(93, 20, 7, 9), paper.toBuilder().batchSize(6)
                .steps(quick ? 5 : 9).learningRate(5e-3f).build(), 3, true, false, Shape.DEVICE, null, null));
        NetworkSpec events = quick ? NetworkSpec.of(300, 12, 9) : NetworkSpec.of(1200, 24, 9);
        TrainConfig eventCfg = paper.toBuilder().batchSize(5).steps(quick ? 5 : 8).learningRate(5e-3f).build();
        c.add(new Case("event-driven, silent tails, row blocks", events, eventCfg, 3, true, true, Shape.BLOCKED,
                false, true));
        c.add(new Case("event-driven, silent tails, GPU shape", events, eventCfg, 3, true, true, Shape.GPU, false,
                true));
        c.add(new Case("event-driven, silent tails, SGD", events, eventCfg.toBuilder().optimizer(Optimizer.SGD)
                .learningRate(0.05f).build(), 3, true, true, Shape.BLOCKED, false, true));
        c.add(new Case("event-driven, silent tails, authors-code", events, authors.toBuilder().batchSize(5)
                .steps(quick ? 5 : 8).learningRate(5e-3f).build(), 2, true, true, Shape.BLOCKED, false, true));
        // The rate changes between batches while layer 1's silent inputs have updates pending from the batch before.
        c.add(new Case("event-driven, cosine learning-rate schedule", events, eventCfg.toBuilder()
                .lrSchedule(LrSchedule.COSINE).lrEnd(1e-4f).build(), 3, true, true, Shape.DEVICE, false, true));
        if (!quick) {
            NetworkSpec mnist = NetworkSpec.of(784, 196, 784);
            c.add(new Case("MNIST shape, paper", mnist, paper.toBuilder().batchSize(5).steps(6).build(), 2, false,
                    false, Shape.DEVICE, null, null));
            c.add(new Case("MNIST shape, authors-code, SGD", mnist, authors.toBuilder().batchSize(5).steps(6)
                    .optimizer(Optimizer.SGD).learningRate(0.05f).build(), 2, false, false, Shape.DEVICE, null,
                    null));
        }
        return c;
    }

    /** Runs one case on the context's device. */
    public static Result run(ClContext ctx, Case c) {
        return run(ctx, c, DeviceTuning.DEFAULT);
    }

    /** Runs one case on the context's device with the kernel sizes that {@code tuning} overrides ({@code verify --tune}). */
    public static Result run(ClContext ctx, Case c, DeviceTuning tuning) {
        KernelSizes own = KernelSizes.of(ctx.device(), tuning).forNetwork(c.net(), tuning);
        KernelSizes sizes = switch (c.shape()) {
            case DEVICE -> own;
            case GPU -> own.withVectorWidth(1);
            case BLOCKED -> own.withRowBlocks(3);
        };
        boolean transposed = c.transposed() != null ? c.transposed()
                : OpenClBackend.useTransposed(c.net(), ctx.device(), tuning);
        boolean defer = c.defer() != null ? c.defer() : c.net().weightCount(1) >= KernelSizes.BIG_LAYER_WEIGHTS;
        String shape = "VW=" + sizes.vw() + " JB=" + sizes.jb() + " VB=" + sizes.vb() + " RB=" + sizes.rb();
        Compare cmp = new Compare();
        try (Backend cpu = new CpuBackend(c.net(), c.config());
             Backend dev = new OpenClBackend(ctx, c.net(), c.config(), sizes, transposed, defer)) {
            compare(c, cpu, dev, cmp);
        } catch (RuntimeException e) {
            cmp.fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return new Result(c, shape, cmp.maxAbs(), cmp.maxRel(), cmp.failure());
    }

    /**
     * The {@link Backend} operations that describe a backend rather than compute: their results differ between
     * backends by design and are not compared. Every other operation is called and its results compared by
     * {@link #compare} (the coverage test checks this by reflection).
     */
    public static final java.util.Set<String> DESCRIPTIVE = java.util.Set.of("name", "deviceName", "network",
            "config", "peakMemoryBytes", "kernelProfile");

    /**
     * Runs case {@code c} on both backends, which the caller opened and closes: the same weights, the case's
     * batches (the last one short) with learning, then an evaluation batch, comparing after each batch the loss,
     * every layer's spike counts, the recorded raster and the weights.
     */
    public static void compare(Case c, Backend cpu, Backend dev, Compare cmp) {
        NetworkSpec net = c.net();
        TrainConfig config = c.config();
        SplittableRandom rnd = new SplittableRandom(42);
        float[][] w0 = WeightInit.initialise(net, config);
        cpu.setWeights(w0);
        dev.setWeights(w0);
        setRate(c, 0, cpu, dev);
        for (int bi = 0; bi < c.batches() && cmp.passed(); bi++) {
            int size = bi == c.batches() - 1 ? Math.max(1, config.batchSize() - 3) : config.batchSize();
            BatchInput in = batch(net, config, rnd, bi, size, c.withTargets(), Philox.STREAM_TRAIN_INPUT,
                    c.silentTails());
            int record = bi % (net.layers() + 1);
            run(cpu, in, record, true);
            run(dev, in, record, true);
            if (bi % 2 == 1) {
                // As bench does: the deferred updates applied without a read-back.
                cpu.awaitUpdates();
                dev.awaitUpdates();
            }
            // The next batch's rate is set while this batch's deferred updates are pending (every other batch), as
            // the Trainer sets it, and before the weights are read back (which applies them).
            setRate(c, bi + 1, cpu, dev);
            String tag = "batch " + bi;
            // The loss's double sums run in another order on the device: compared on its own, so that the largest
            // differences reported are the weights'.
            Compare loss = new Compare();
            loss.close(tag + " loss", new double[] {cpu.readLoss()}, new double[] {dev.readLoss()}, 1, 1e-9, 1e-6);
            if (!loss.passed()) {
                cmp.fail(loss.failure());
            }
            for (int l = 0; l <= net.layers(); l++) {
                cmp.exact(tag + " spike counts of layer " + l, cpu.readSpikeCounts(l), dev.readSpikeCounts(l));
            }
            cmp.exact(tag + " raster of layer " + record, cpu.readSpikeRaster(), dev.readSpikeRaster());
            float[][] ew = cpu.readWeights();
            float[][] gw = dev.readWeights();
            for (int l = 0; l < ew.length; l++) {
                cmp.close(tag + " weights of layer " + (l + 1), ew[l], gw[l], W_ABS, W_REL);
            }
        }
        float[][] trained = dev.readWeights();
        boolean learned = false;
        for (int l = 0; l < trained.length; l++) {
            learned |= !java.util.Arrays.equals(w0[l], trained[l]);
        }
        if (!learned) {
            cmp.fail("the weights did not change: the comparison would prove nothing");
        }
        BatchInput eval = batch(net, config, rnd, 99, config.batchSize(), c.withTargets(),
                Philox.STREAM_EVAL_INPUT, c.silentTails());
        run(cpu, eval, net.layers(), false);
        run(dev, eval, net.layers(), false);
        cmp.exact("evaluation raster", cpu.readSpikeRaster(), dev.readSpikeRaster());
    }

    /** The case's batches as one epoch of its schedule (constant: the config's rate throughout). */
    private static void setRate(Case c, int batch, Backend cpu, Backend dev) {
        if (batch < c.batches()) {
            float lr = c.config().learningRateAt(0, batch, c.batches());
            cpu.setLearningRate(lr);
            dev.setLearningRate(lr);
        }
    }

    private static void run(Backend b, BatchInput in, int record, boolean learn) {
        b.beginBatch(in, record);
        for (int t = 1; t <= b.config().steps(); t++) {
            b.step(t, learn);
        }
    }

    /** Rates in [0, 1] with a mean near 0.2 (like MNIST), a few fully dark and fully bright inputs. */
    private static BatchInput batch(NetworkSpec net, TrainConfig config, SplittableRandom rnd, int bi, int size,
                                    boolean withTargets, int stream, boolean silentTails) {
        int n = net.inputSize();
        float[] rates = new float[size * n];
        for (int i = 0; i < rates.length; i++) {
            double u = rnd.nextDouble();
            rates[i] = u < 0.7 ? 0f : u < 0.8 ? 1f : (float) rnd.nextDouble();
        }
        if (silentTails) {
            // Like spectrograms of short clips: sample s is silent after its own length (the last one entirely),
            // the first 150 inputs and the last 30% are silent in all (their weights' updates are deferred).
            for (int s = 0; s < size; s++) {
                int length = s == size - 1 ? 0 : 1 + rnd.nextInt(n * 7 / 10);
                java.util.Arrays.fill(rates, s * n + length, (s + 1) * n, 0f);
                java.util.Arrays.fill(rates, s * n, s * n + Math.min(length, 150), 0f);
            }
        }
        int[] ids = new int[size];
        for (int s = 0; s < size; s++) {
            ids[s] = bi * config.batchSize() + s;
        }
        if (!withTargets) {
            return BatchInput.autoencoder(rates, size, ids, bi * config.steps(), stream);
        }
        int th = 4;
        float[] targets = new float[size * th * net.outputSize()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = rnd.nextDouble() < 0.3 ? 1f : 0f;
        }
        return new BatchInput(rates, size, ids, bi * config.steps(), stream, targets, th);
    }
}
