package org.spikecoder.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.spikecoder.opencl.NativeTestSupport.assertClose;
import static org.spikecoder.opencl.NativeTestSupport.assertExact;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.spikecoder.cpu.CpuBackend;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.BatchInput;
import org.spikecoder.engine.WeightInit;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Optimizer;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.rng.Philox;

/**
 * Whole training batches on {@link OpenClBackend} against {@link CpuBackend}: same seed, same weights, same
 * batches, several batches in a row (the last one short). After each batch the loss, the spike counts of every layer
 * and the weights must agree; at the end an evaluation batch's recorded raster too.
 *
 * <p>Tolerances: weights |d| <= 1e-6 + 1e-4 |expected| (the kernels match the reference's float operations, so
 * in practice they agree to the bit; the margin allows an ulp of exp in the hidden delta to propagate); spike counts
 * and rasters exactly; the loss 1e-6 relative.
 */
class BackendParityTest {
    private static final double W_ABS = 1e-6;
    private static final double W_REL = 1e-4;

    @Test
    void paperPresetSmallNetwork() {
        TrainConfig c = Preset.PAPER.defaults().toBuilder().batchSize(8).steps(15).build();
        compare(NetworkSpec.of(37, 11, 37), c, 4, false);
    }

    @Test
    void authorsCodePresetSmallNetwork() {
        TrainConfig c = Preset.AUTHORS_CODE.defaults().toBuilder().batchSize(8).steps(15).build();
        compare(NetworkSpec.of(37, 11, 37), c, 4, false);
    }

    @Test
    void paperPresetMnistShape() {
        TrainConfig c = Preset.PAPER.defaults().toBuilder().batchSize(5).steps(6).build();
        compare(NetworkSpec.of(784, 196, 784), c, 2, false);
    }

    @Test
    void authorsCodePresetMnistShapeSgd() {
        TrainConfig c = Preset.AUTHORS_CODE.defaults().toBuilder().batchSize(5).steps(6).optimizer(Optimizer.SGD)
                .learningRate(0.05f).build();
        compare(NetworkSpec.of(784, 196, 784), c, 2, false);
    }

    @Test
    void audiocoderTargetsThreeLayers() {
        TrainConfig c = Preset.PAPER.defaults().toBuilder().batchSize(6).steps(9).learningRate(5e-3f).build();
        compare(NetworkSpec.of(93, 20, 7, 9), c, 3, true);
    }

    /**
     * The event-driven path of big layers (no transposed copies: synaptic_input on event lists) with spectrogram-like
     * inputs, each sample silent after its own length so that the live extents cut the gradient tiles; in the
     * device's shape with row blocks (RB 3) and in the GPU shape.
     */
    @Test
    void eventDrivenAudiocoderShape() {
        TrainConfig c = Preset.PAPER.defaults().toBuilder().batchSize(5).steps(8).learningRate(5e-3f).build();
        NetworkSpec net = NetworkSpec.of(1200, 24, 9);
        KernelSizes own = NativeTestSupport.sizes();
        KernelSizes blocked = new KernelSizes(own.wgs(), own.wgsRow(), own.vw(), own.wgsMat(), own.jb(), own.vb(),
                own.sb(), 3);
        for (KernelSizes ks : new KernelSizes[] {blocked, own.withVectorWidth(1)}) {
            compare(net, c, 3, true, ks, false, true);
        }
        // Adam and SGD, the deferred updates of the silent inputs' weights
        compare(net, c.toBuilder().optimizer(Optimizer.SGD).learningRate(0.05f).build(), 3, true, blocked, false,
                true);
        TrainConfig authors = Preset.AUTHORS_CODE.defaults().toBuilder().batchSize(5).steps(8).learningRate(5e-3f)
                .build();
        compare(net, authors, 2, true, blocked, false, true);
    }

    private void compare(NetworkSpec net, TrainConfig config, int batches, boolean withTargets) {
        ClContext ctx = NativeTestSupport.context();
        compare(net, config, batches, withTargets, KernelSizes.of(ctx.device()).forNetwork(net),
                OpenClBackend.useTransposed(net, ctx.device()), false);
    }

    private void compare(NetworkSpec net, TrainConfig config, int batches, boolean withTargets, KernelSizes sizes,
                         boolean transposed, boolean silentTails) {
        ClContext ctx = NativeTestSupport.context();
        SplittableRandom rnd = new SplittableRandom(42);
        float[][] w0 = WeightInit.initialise(net, config);
        try (Backend cpu = new CpuBackend(net, config);
             Backend gpu = new OpenClBackend(ctx, net, config, sizes, transposed, silentTails)) {
            cpu.setWeights(w0);
            gpu.setWeights(w0);
            for (int bi = 0; bi < batches; bi++) {
                int size = bi == batches - 1 ? Math.max(1, config.batchSize() - 3) : config.batchSize();
                BatchInput in = batch(net, config, rnd, bi, size, withTargets, Philox.STREAM_TRAIN_INPUT,
                        silentTails);
                int record = bi % (net.layers() + 1);
                run(cpu, in, record, true);
                run(gpu, in, record, true);
                String tag = net + " " + config.traceMode() + " VW=" + sizes.vw() + " RB=" + sizes.rb()
                        + (transposed ? "" : " events") + " batch " + bi;
                assertEquals(cpu.readLoss(), gpu.readLoss(), 1e-6 * Math.abs(cpu.readLoss()) + 1e-9, tag + " loss");
                for (int l = 0; l <= net.layers(); l++) {
                    int[] e = cpu.readSpikeCounts(l);
                    assertExact(tag + " spike counts of layer " + l, e, gpu.readSpikeCounts(l), e.length);
                }
                assertArrayEquals(cpu.readSpikeRaster(), gpu.readSpikeRaster(), tag + " raster of layer " + record);
                float[][] ew = cpu.readWeights();
                float[][] gw = gpu.readWeights();
                for (int l = 0; l < ew.length; l++) {
                    assertClose(tag + " weights of layer " + (l + 1), ew[l], gw[l], ew[l].length, W_ABS, W_REL);
                }
            }
            float[][] trained = gpu.readWeights();
            for (int l = 0; l < trained.length; l++) {
                org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(w0[l], trained[l]),
                        net + " layer " + (l + 1) + " did not learn: the comparison would prove nothing");
            }
            BatchInput eval = batch(net, config, rnd, 99, config.batchSize(), withTargets, Philox.STREAM_EVAL_INPUT,
                    silentTails);
            run(cpu, eval, net.layers(), false);
            run(gpu, eval, net.layers(), false);
            assertArrayEquals(cpu.readSpikeRaster(), gpu.readSpikeRaster(), net + " evaluation raster");
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
