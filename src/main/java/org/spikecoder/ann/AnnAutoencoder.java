package org.spikecoder.ann;

import java.nio.file.Path;
import java.util.Map;

import org.spikecoder.SpikecoderException;
import org.spikecoder.model.InitMode;

/**
 * The paper's ANN baseline autoencoder N-H-N (Table 1, "ANN (SGD)" and "ANN (Adam)"): {@code a = relu(W1 x + b1)},
 * {@code y = f(W2 a + b2)}, trained on the loss {@code L = 0.5 |x - y|^2} per image on pixels in [0, 1], averaged over
 * the batch. The network, its gradients and its files are those of the generic {@link Mlp} with target = input.
 *
 * <p>The authors' code ({@code auto_encoder_ann.m}) uses ReLU on both layers and no biases; those are the defaults
 * here ({@code f} = {@link Activation#RELU}, biases off).
 *
 * <p>MNIST is ~80% zeros, which {@link Mlp}'s pre-major layout skips. Parameters are mutable (the optimiser updates
 * them in place); one instance is not for concurrent training, though its forward methods may be called concurrently
 * when nothing trains it.
 */
public final class AnnAutoencoder {
    /** File describing a saved model; the weights lie beside it as layer1.npy, layer2.npy, bias1.npy, bias2.npy. */
    public static final String JSON_FILE = "ann.json";
    static final String KIND = "ann-autoencoder";

    private final Mlp net;

    private AnnAutoencoder(Mlp net) {
        if (net.inputs() != net.outputs()) {
            throw new SpikecoderException("an autoencoder needs as many outputs as inputs, got " + net.describe());
        }
        this.net = net;
    }

    /**
     * A fresh network with seeded weights and zero biases.
     *
     * @param init  {@link InitMode#XAVIER}: U(-a, a), a = sqrt(6 / (fan_in + fan_out)) per layer;
     *              {@link InitMode#UNIFORM}: U(-scale, scale) (the authors' ANN code: 0.01)
     * @param scale used by UNIFORM only
     * @param bias  whether b1 and b2 are trained (the authors' code has none)
     */
    public static AnnAutoencoder initialise(int inputs, int hidden, Activation output, boolean bias, InitMode init,
                                            float scale, long seed) {
        return new AnnAutoencoder(Mlp.initialise(inputs, hidden, inputs, output, bias, init, scale, seed));
    }

    /** The underlying network (shared, not a copy). */
    Mlp network() {
        return net;
    }

    public int inputs() {
        return net.inputs();
    }

    public int hidden() {
        return net.hidden();
    }

    public Activation outputActivation() {
        return net.outputActivation();
    }

    public boolean hasBias() {
        return net.hasBias();
    }

    /** E.g. "784-196-784". */
    public String describe() {
        return net.describe();
    }

    /** See {@link Mlp#parameters()}. Modified by whoever updates them. */
    float[][] parameters() {
        return net.parameters();
    }

    /** Which entries of {@link #parameters()} are weights (decayed) rather than biases. */
    static boolean[] decayed() {
        return Mlp.decayed();
    }

    /** W1 as (hidden, inputs), row-major: a copy. */
    public float[] layer1() {
        return net.layer1();
    }

    /** W2 as (inputs, hidden), row-major: a copy. The decoder the audiocoder baseline reuses. */
    public float[] layer2() {
        return net.layer2();
    }

    public float[] bias1() {
        return net.bias1();
    }

    public float[] bias2() {
        return net.bias2();
    }

    /** Activations of one forward pass over {@code count} images, each array image after image. */
    record Forward(float[] z1, float[] a1, float[] z2, float[] y) {
    }

    Forward forward(float[] x, int count) {
        Mlp.Forward f = net.forward(x, count);
        return new Forward(f.z1(), f.a1(), f.z2(), f.y());
    }

    /**
     * The hidden vectors relu(W1 x + b1) of {@code count} images.
     *
     * @param x count x inputs values in [0, 1]. Not modified.
     * @return count x hidden values, image after image
     */
    public float[] encode(float[] x, int count) {
        return net.encode(x, count);
    }

    /**
     * The outputs f(W2 a + b2) of {@code count} hidden vectors (e.g. quantised ones, for the audiocoder baseline).
     *
     * @param a count x hidden values. Not modified.
     * @return count x inputs values
     */
    public float[] decode(float[] a, int count) {
        return net.decode(a, count);
    }

    /** decode(encode(x)). */
    public float[] reconstruct(float[] x, int count) {
        return net.predict(x, count);
    }

    /** Mean over the images of 0.5 |x - y|^2, accumulated in double. x not modified. */
    public double loss(float[] x, int count) {
        return net.loss(x, x, count);
    }

    /** Gradients of {@link #loss} with respect to {w1, b1, w2, b2} (layout of {@link #parameters()}), and the loss. */
    record Gradients(double loss, float[][] grads) {
    }

    Gradients gradients(float[] x, int count) {
        Mlp.Gradients g = net.gradients(x, x, count);
        return new Gradients(g.loss(), g.grads());
    }

    /**
     * One optimiser step on a batch: gradients of the batch-mean loss, then the update.
     *
     * @param x count x inputs pixels in [0, 1]. Not modified.
     * @return the batch-mean loss before the update
     */
    public double trainBatch(float[] x, int count, AnnOptimizer optimizer) {
        return net.trainBatch(x, x, count, optimizer);
    }

    /**
     * Saves the model into {@code dir} (created if needed): ann.json (sizes, activations, bias flag),
     * layer1.npy (hidden, inputs), layer2.npy (inputs, hidden), bias1.npy (hidden), bias2.npy (inputs).
     *
     * @param extra further entries for ann.json (e.g. how it was trained). Not modified.
     */
    public void save(Path dir, Map<String, Object> extra) {
        net.save(dir, JSON_FILE, KIND, extra);
    }

    /** Reads a model written by {@link #save}. */
    public static AnnAutoencoder load(Path dir) {
        return new AnnAutoencoder(Mlp.load(dir, JSON_FILE, KIND));
    }
}
