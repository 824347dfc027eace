package org.spikecoder.ann;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

import org.spikecoder.SpikecoderException;
import org.spikecoder.io.AtomicFiles;
import org.spikecoder.io.Json;
import org.spikecoder.io.Npy;
import org.spikecoder.io.NpyArray;
import org.spikecoder.model.InitMode;
import org.spikecoder.model.Matrices;
import org.spikecoder.engine.WeightInit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * A two-layer perceptron N-H-M, the network behind both ANN baselines of the paper: the autoencoder N-H-N
 * ({@link AnnAutoencoder}, target = input) and the audiocoder N_audio-H-N_code ({@link AnnAudiocoder}, target = a
 * quantised hidden vector). {@code a = relu(W1 x + b1)}, {@code y = f(W2 a + b2)}, trained on
 * {@code L = 0.5 |t - y|^2} per sample, averaged over the batch.
 *
 * <p>Gradients by hand, the batch mean of the per-sample gradients:
 * <pre>
 * d2 = (y - t) o f'(z2) / B          dL/dW2 = sum_b d2 a^T     dL/db2 = sum_b d2
 * d1 = (W2^T d2) o [z1 &gt; 0]          dL/dW1 = sum_b d1 x^T     dL/db1 = sum_b d1
 * </pre>
 *
 * <p>Layout: weights are held pre-major ({@code w1[i * H + h]} from input i to hidden h, {@code w2[h * M + o]}), so
 * that the forward pass and both weight gradients are row updates that skip zero inputs and zero ReLU outputs.
 * {@link #layer1()} and {@link #layer2()} give the usual (post, pre) layout of layerN.npy. With biases off, b1 and b2
 * stay zero and get no update. Parameters are mutable (the optimiser updates them in place); one instance is not for
 * concurrent training from several threads, though its forward methods may be called concurrently when nothing trains
 * it.
 */
public final class Mlp {
    private final int inputs;
    private final int hidden;
    private final int outputs;
    private final Activation output;
    private final boolean bias;
    private final float[] w1;
    private final float[] b1;
    private final float[] w2;
    private final float[] b2;

    private Mlp(int inputs, int hidden, int outputs, Activation output, boolean bias, float[] w1, float[] b1,
                float[] w2, float[] b2) {
        if (inputs < 1 || hidden < 1 || outputs < 1) {
            throw new IllegalArgumentException("sizes must be positive: " + inputs + "-" + hidden + "-" + outputs);
        }
        this.inputs = inputs;
        this.hidden = hidden;
        this.outputs = outputs;
        this.output = output;
        this.bias = bias;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    /**
     * A fresh network with seeded weights and zero biases.
     *
     * @param init  {@link InitMode#XAVIER}: U(-a, a), a = sqrt(6 / (fan_in + fan_out)) per layer;
     *              {@link InitMode#UNIFORM}: U(-scale, scale) (the authors' ANN code: 0.01)
     * @param scale used by UNIFORM only
     * @param bias  whether b1 and b2 are trained (the authors' code has none)
     */
    public static Mlp initialise(int inputs, int hidden, int outputs, Activation output, boolean bias, InitMode init,
                                 float scale, long seed) {
        if (inputs < 1 || hidden < 1 || outputs < 1) {
            throw new IllegalArgumentException("sizes must be positive: " + inputs + "-" + hidden + "-" + outputs);
        }
        float a1 = init == InitMode.XAVIER ? (float) Math.sqrt(6.0 / (inputs + hidden)) : scale;
        float a2 = init == InitMode.XAVIER ? (float) Math.sqrt(6.0 / (hidden + outputs)) : scale;
        float[] w1 = WeightInit.uniform(Math.multiplyExact(inputs, hidden), a1, 1, WeightInit.ANN_DRAWS, seed);
        float[] w2 = WeightInit.uniform(Math.multiplyExact(hidden, outputs), a2, 2, WeightInit.ANN_DRAWS, seed);
        return new Mlp(inputs, hidden, outputs, output, bias, w1, new float[hidden], w2, new float[outputs]);
    }

    public int inputs() {
        return inputs;
    }

    public int hidden() {
        return hidden;
    }

    public int outputs() {
        return outputs;
    }

    public Activation outputActivation() {
        return output;
    }

    public boolean hasBias() {
        return bias;
    }

    /** E.g. "3900-2048-196". */
    public String describe() {
        return inputs + "-" + hidden + "-" + outputs;
    }

    /**
     * The live parameter arrays {w1, b1, w2, b2} in the internal pre-major layout, for the optimiser and for tests.
     * Modified by whoever updates them.
     */
    float[][] parameters() {
        return new float[][] {w1, b1, w2, b2};
    }

    /** Which entries of {@link #parameters()} are weights (decayed) rather than biases. */
    static boolean[] decayed() {
        return new boolean[] {true, false, true, false};
    }

    /** W1 as (hidden, inputs), row-major: a copy. */
    public float[] layer1() {
        return Matrices.transpose(w1, inputs, hidden);
    }

    /** W2 as (outputs, hidden), row-major: a copy. */
    public float[] layer2() {
        return Matrices.transpose(w2, hidden, outputs);
    }

    public float[] bias1() {
        return b1.clone();
    }

    public float[] bias2() {
        return b2.clone();
    }

    /** Activations of one forward pass over {@code count} samples, each array sample after sample. */
    record Forward(float[] z1, float[] a1, float[] z2, float[] y) {
    }

    Forward forward(float[] x, int count) {
        checkInput(x, count, inputs);
        float[] z1 = layer(x, count, inputs, hidden, w1, b1);
        float[] a1 = new float[z1.length];
        for (int i = 0; i < z1.length; i++) {
            a1[i] = Activation.RELU.apply(z1[i]);
        }
        float[] z2 = layer(a1, count, hidden, outputs, w2, b2);
        float[] y = new float[z2.length];
        for (int i = 0; i < z2.length; i++) {
            y[i] = output.apply(z2[i]);
        }
        return new Forward(z1, a1, z2, y);
    }

    /**
     * The hidden vectors relu(W1 x + b1) of {@code count} samples.
     *
     * @param x count x inputs values. Not modified.
     * @return count x hidden values, sample after sample
     */
    public float[] encode(float[] x, int count) {
        checkInput(x, count, inputs);
        float[] a = layer(x, count, inputs, hidden, w1, b1);
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.max(0f, a[i]);
        }
        return a;
    }

    /**
     * The outputs f(W2 a + b2) of {@code count} hidden vectors.
     *
     * @param a count x hidden values. Not modified.
     * @return count x outputs values
     */
    public float[] decode(float[] a, int count) {
        checkInput(a, count, hidden);
        float[] y = layer(a, count, hidden, outputs, w2, b2);
        for (int i = 0; i < y.length; i++) {
            y[i] = output.apply(y[i]);
        }
        return y;
    }

    /** decode(encode(x)). x not modified. */
    public float[] predict(float[] x, int count) {
        return forward(x, count).y();
    }

    /** Mean over the samples of 0.5 |t - y|^2, accumulated in double. x and t not modified. */
    public double loss(float[] x, float[] t, int count) {
        checkInput(t, count, outputs);
        return lossOf(t, forward(x, count).y(), count);
    }

    private static double lossOf(float[] t, float[] y, int count) {
        double s = 0;
        for (int i = 0; i < y.length; i++) {
            double d = (double) t[i] - y[i];
            s += d * d;
        }
        return 0.5 * s / count;
    }

    /** Gradients of {@link #loss} with respect to {w1, b1, w2, b2} (layout of {@link #parameters()}), and the loss. */
    record Gradients(double loss, float[][] grads) {
    }

    Gradients gradients(float[] x, float[] t, int count) {
        checkInput(t, count, outputs);
        Forward f = forward(x, count);
        final int n = inputs;
        final int h = hidden;
        final int m = outputs;
        float inv = 1f / count;
        float[] d2 = new float[count * m];
        for (int i = 0; i < d2.length; i++) {
            d2[i] = (f.y[i] - t[i]) * output.derivative(f.z2[i]) * inv;
        }
        float[] gw2 = new float[h * m];
        outerSum(f.a1, d2, count, h, m, gw2);
        float[] d1 = new float[count * h];
        IntStream.range(0, count).parallel().forEach(b -> {
            for (int j = 0; j < h; j++) {
                if (f.z1[b * h + j] > 0f) {
                    d1[b * h + j] = dot(w2, j * m, d2, b * m, m);
                }
            }
        });
        float[] gw1 = new float[n * h];
        outerSum(x, d1, count, n, h, gw1);
        float[] gb1 = new float[h];
        float[] gb2 = new float[m];
        if (bias) {
            columnSum(d1, count, h, gb1);
            columnSum(d2, count, m, gb2);
        }
        return new Gradients(lossOf(t, f.y, count), new float[][] {gw1, gb1, gw2, gb2});
    }

    /**
     * One optimiser step on a batch: gradients of the batch-mean loss, then the update.
     *
     * @param x count x inputs values. Not modified.
     * @param t count x outputs targets. Not modified.
     * @return the batch-mean loss before the update
     */
    public double trainBatch(float[] x, float[] t, int count, AnnOptimizer optimizer) {
        Gradients g = gradients(x, t, count);
        float[][] params = parameters();
        boolean[] decay = decayed();
        if (!bias) {
            // No biases: keep b1 and b2 at zero by giving the optimiser nothing to update there.
            params = new float[][] {w1, w2};
            g = new Gradients(g.loss(), new float[][] {g.grads()[0], g.grads()[2]});
            decay = new boolean[] {true, true};
        }
        optimizer.step(params, g.grads(), decay);
        return g.loss();
    }

    static void checkInput(float[] x, int count, int width) {
        if (count < 0 || x.length < (long) count * width) {
            throw new IllegalArgumentException(count + " vectors of " + width + " need " + (long) count * width
                    + " values, got " + x.length);
        }
    }

    /**
     * Saves the network into {@code dir} (created if needed): {@code jsonFile} (kind, sizes, activations, bias flag),
     * layer1.npy (hidden, inputs), layer2.npy (outputs, hidden), bias1.npy (hidden), bias2.npy (outputs).
     *
     * @param extra further entries for the JSON file (e.g. how it was trained). Not modified.
     */
    void save(Path dir, String jsonFile, String kind, Map<String, Object> extra) {
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new SpikecoderException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        Npy.write(dir.resolve("layer1.npy"), layer1(), hidden, inputs);
        Npy.write(dir.resolve("layer2.npy"), layer2(), outputs, hidden);
        Npy.write(dir.resolve("bias1.npy"), bias1(), hidden);
        Npy.write(dir.resolve("bias2.npy"), bias2(), outputs);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("inputs", inputs);
        m.put("hidden", hidden);
        m.put("outputs", outputs);
        m.put("hidden_activation", Activation.RELU.jsonName());
        m.put("output_activation", output.jsonName());
        m.put("bias", bias);
        m.put("layout", "layer1.npy (hidden, inputs), layer2.npy (outputs, hidden): z = W x + b, row-major");
        if (extra != null) {
            extra.forEach(m::putIfAbsent);
        }
        AtomicFiles.writeString(dir.resolve(jsonFile), Json.metrics(jsonFile, m) + "\n");
    }

    /**
     * Reads a network written by {@link #save}. A file without "outputs" (written before the audiocoder existed) is
     * an autoencoder: outputs = inputs. A file without "kind" is accepted as {@code kind}.
     */
    static Mlp load(Path dir, String jsonFile, String kind) {
        Path json = dir.resolve(jsonFile);
        if (!Files.isRegularFile(json)) {
            throw new SpikecoderException("no " + kind + " model in " + dir + ": " + jsonFile + " is missing");
        }
        int n;
        int h;
        int m;
        Activation out;
        boolean bias;
        try {
            JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
            if (o.has("kind") && !kind.equals(o.get("kind").getAsString())) {
                throw new IllegalArgumentException("kind is " + o.get("kind").getAsString() + ", expected " + kind);
            }
            n = o.get("inputs").getAsInt();
            h = o.get("hidden").getAsInt();
            m = o.has("outputs") ? o.get("outputs").getAsInt() : n;
            out = Activation.fromJson(o.get("output_activation").getAsString());
            bias = o.get("bias").getAsBoolean();
            if (!"relu".equals(o.get("hidden_activation").getAsString())) {
                throw new IllegalArgumentException("hidden_activation must be relu");
            }
        } catch (java.io.IOException | RuntimeException e) {
            throw new SpikecoderException(json + ": not a valid " + kind + " description (" + e.getMessage() + ")", e);
        }
        float[] l1 = read(dir.resolve("layer1.npy"), jsonFile, h, n);
        float[] l2 = read(dir.resolve("layer2.npy"), jsonFile, m, h);
        float[] bb1 = read(dir.resolve("bias1.npy"), jsonFile, h);
        float[] bb2 = read(dir.resolve("bias2.npy"), jsonFile, m);
        return new Mlp(n, h, m, out, bias, Matrices.transpose(l1, h, n), bb1, Matrices.transpose(l2, m, h), bb2);
    }

    private static float[] read(Path file, String jsonFile, int... shape) {
        NpyArray a = Npy.read(file);
        if (!java.util.Arrays.equals(a.shape(), shape)) {
            throw new SpikecoderException(file + ": shape " + a.shapeString() + ", expected "
                    + java.util.Arrays.toString(shape) + " from " + jsonFile);
        }
        return a.data();
    }

    /* z[b] = w^T in[b] + bias, with w pre-major (pre x post); zero inputs skipped. Parallel over the images. */
    private static float[] layer(float[] in, int count, int pre, int post, float[] w, float[] bias) {
        float[] z = new float[count * post];
        IntStream.range(0, count).parallel().forEach(b -> {
            int zo = b * post;
            System.arraycopy(bias, 0, z, zo, post);
            int io = b * pre;
            for (int i = 0; i < pre; i++) {
                float v = in[io + i];
                if (v != 0f) {
                    int wo = i * post;
                    for (int j = 0; j < post; j++) {
                        z[zo + j] += v * w[wo + j];
                    }
                }
            }
        });
        return z;
    }

    /* g[i * cols + j] = sum_b u[b * rows + i] * v[b * cols + j]; zero u skipped. Parallel over the rows i. */
    private static void outerSum(float[] u, float[] v, int count, int rows, int cols, float[] g) {
        IntStream.range(0, rows).parallel().forEach(i -> {
            int go = i * cols;
            for (int b = 0; b < count; b++) {
                float s = u[b * rows + i];
                if (s != 0f) {
                    int vo = b * cols;
                    for (int j = 0; j < cols; j++) {
                        g[go + j] += s * v[vo + j];
                    }
                }
            }
        });
    }

    private static void columnSum(float[] d, int count, int cols, float[] out) {
        for (int b = 0; b < count; b++) {
            for (int j = 0; j < cols; j++) {
                out[j] += d[b * cols + j];
            }
        }
    }

    /* Four partial sums: independent chains the CPU can overlap. */
    private static float dot(float[] a, int ao, float[] b, int bo, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int k = 0;
        for (; k + 3 < n; k += 4) {
            s0 += a[ao + k] * b[bo + k];
            s1 += a[ao + k + 1] * b[bo + k + 1];
            s2 += a[ao + k + 2] * b[bo + k + 2];
            s3 += a[ao + k + 3] * b[bo + k + 3];
        }
        for (; k < n; k++) {
            s0 += a[ao + k] * b[bo + k];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
