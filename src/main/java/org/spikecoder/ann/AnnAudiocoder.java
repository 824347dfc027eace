package org.spikecoder.ann;

import java.nio.file.Path;
import java.util.Map;

import org.spikecoder.data.ImageDataset;
import org.spikecoder.model.InitMode;

/**
 * The paper's AC-ANN baseline (section 4.2, Table 1 audio rows): an MLP N_audio-H-N_code from a clip's spectrogram to
 * the hidden vector of a trained {@link AnnAutoencoder} for the paired image, quantised to 2^Th levels
 * ({@link Quantiser}); the autoencoder's decoder W2 then turns the prediction into an image.
 * {@code a = relu(W1 x + b1)}, {@code y = f(W2 a + b2)}, trained on {@code 0.5 |q(e(image)) - y|^2} per clip, batch
 * mean ({@link Mlp}).
 *
 * <p>Output activation (the paper is silent): identity by default. The targets are {@code >= 0}, so ReLU would match
 * their range, but a ReLU output unit whose pre-activation starts negative for every clip gets no gradient and stays
 * at 0 for good; with identity every unit learns, and {@link #synthesise} clamps at 0 before decoding (the decoder
 * was trained on ReLU hidden vectors). ReLU is available ({@code --output-activation relu}).
 *
 * <p>Synthesis (the paper quantises the target and says nothing about the prediction): by default the prediction is
 * quantised with the targets' quantiser, so the decoder sees a vector from the same 2^Th-level alphabet as in
 * training, as the 196 x Th-bit code of the paper's compression argument; with {@code quantise} off it is only
 * clamped to [0, max].
 */
public final class AnnAudiocoder {
    /** File describing a saved audiocoder; the weights lie beside it as layer1.npy, layer2.npy, bias1.npy, bias2.npy. */
    public static final String JSON_FILE = "ac-ann.json";
    static final String KIND = "ann-audiocoder";

    private final Mlp net;

    private AnnAudiocoder(Mlp net) {
        this.net = net;
    }

    /**
     * A fresh audiocoder with seeded weights and zero biases (see {@link Mlp#initialise}).
     *
     * @param inputs spectrogram values per clip (39 x frames)
     * @param code   the autoencoder's hidden size
     */
    public static AnnAudiocoder initialise(int inputs, int hidden, int code, Activation output, boolean bias,
                                           InitMode init, float scale, long seed) {
        return new AnnAudiocoder(Mlp.initialise(inputs, hidden, code, output, bias, init, scale, seed));
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

    /** N_code, the autoencoder's hidden size. */
    public int code() {
        return net.outputs();
    }

    public Activation outputActivation() {
        return net.outputActivation();
    }

    /** E.g. "3900-2048-196". */
    public String describe() {
        return net.describe();
    }

    /**
     * The raw predicted codes of {@code count} clips.
     *
     * @param audio count x inputs spectrogram values. Not modified.
     * @return count x code values (not quantised; may be negative with an identity output)
     */
    public float[] predict(float[] audio, int count) {
        return net.predict(audio, count);
    }

    /** Mean over the clips of 0.5 |t - y|^2. Not modified: either argument. */
    public double loss(float[] audio, float[] targets, int count) {
        return net.loss(audio, targets, count);
    }

    /** One optimiser step on a batch; returns the batch-mean loss before the update. Arguments not modified. */
    public double trainBatch(float[] audio, float[] targets, int count, AnnOptimizer optimizer) {
        return net.trainBatch(audio, targets, count, optimizer);
    }

    /**
     * The quantiser of the targets: 2^bits levels on [0, the largest hidden activation of {@code images}] (the
     * autoencoder's training images, as {@link Quantiser#fit} over their hidden activations).
     */
    public static Quantiser fitQuantiser(AnnAutoencoder ae, ImageDataset images, int bits) {
        int ppi = images.pixelsPerImage();
        int chunk = 2000;
        float max = 0f;
        for (int from = 0; from < images.count(); from += chunk) {
            int size = Math.min(chunk, images.count() - from);
            float[] x = java.util.Arrays.copyOfRange(images.pixels(), from * ppi, (from + size) * ppi);
            for (float a : ae.encode(x, size)) {
                max = Math.max(max, a);
            }
        }
        // The range Quantiser.fit gives on all the activations, without holding all 60,000 x H of them.
        return new Quantiser(bits, max);
    }

    /**
     * The training targets: for each clip the quantised hidden vector q(relu(W1 x + b1)) of its paired image.
     *
     * @param paired image index per clip (into {@code images})
     * @return paired.length x ae.hidden() values, each one of q's levels
     */
    public static float[] targets(AnnAutoencoder ae, ImageDataset images, int[] paired, Quantiser q) {
        int ppi = images.pixelsPerImage();
        float[] x = new float[paired.length * ppi];
        for (int c = 0; c < paired.length; c++) {
            System.arraycopy(images.pixels(), paired[c] * ppi, x, c * ppi, ppi);
        }
        return q.quantise(ae.encode(x, paired.length));
    }

    /**
     * Audio to image: the predicted code, quantised with {@code q} (or, with {@code quantise} off, clamped to
     * [0, q.max()]), decoded by the autoencoder's W2.
     *
     * @param audio count x inputs values. Not modified.
     * @return count x ae.inputs() pixels
     */
    public float[] synthesise(float[] audio, int count, AnnAutoencoder ae, Quantiser q, boolean quantise) {
        return ae.decode(code(audio, count, q, quantise), count);
    }

    /** The code the decoder gets in {@link #synthesise}. */
    public float[] code(float[] audio, int count, Quantiser q, boolean quantise) {
        float[] y = predict(audio, count);
        if (quantise) {
            return q.quantise(y);
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.min(Math.max(y[i], 0f), q.max());
        }
        return y;
    }

    /**
     * Saves the audiocoder into {@code dir}: ac-ann.json, layer1.npy (hidden, inputs), layer2.npy (code, hidden),
     * bias1.npy, bias2.npy.
     *
     * @param extra further entries for ac-ann.json (e.g. the quantiser, how it was trained). Not modified.
     */
    public void save(Path dir, Map<String, Object> extra) {
        net.save(dir, JSON_FILE, KIND, extra);
    }

    /** Reads an audiocoder written by {@link #save}. */
    public static AnnAudiocoder load(Path dir) {
        return new AnnAudiocoder(Mlp.load(dir, JSON_FILE, KIND));
    }
}
