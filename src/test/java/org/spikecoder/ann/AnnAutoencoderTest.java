package org.spikecoder.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.model.InitMode;

/** Hand-written backpropagation of the ANN autoencoder against central finite differences. */
class AnnAutoencoderTest {
    @TempDir
    Path tmp;

    private static float[] inputs(Random rnd, int count, int n) {
        float[] x = new float[count * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextInt(4) == 0 ? 0f : rnd.nextFloat();
        }
        return x;
    }

    /** A 6-4-6 net with random non-zero biases, so both activations' kinks matter. */
    private static AnnAutoencoder smallNet(Activation out, long seed) {
        AnnAutoencoder net = AnnAutoencoder.initialise(6, 4, out, true, InitMode.UNIFORM, 0.8f, seed);
        Random rnd = new Random(seed);
        for (float[] b : new float[][] {net.parameters()[1], net.parameters()[3]}) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (rnd.nextGaussian() * 0.3);
            }
        }
        return net;
    }

    /** True when every pre-activation is far enough from 0 that a step of h cannot cross a ReLU kink. */
    private static boolean clearOfKinks(AnnAutoencoder net, float[] x, int count, Activation out) {
        AnnAutoencoder.Forward f = net.forward(x, count);
        for (float z : f.z1()) {
            if (Math.abs(z) < 0.05f) {
                return false;
            }
        }
        if (out == Activation.RELU) {
            for (float z : f.z2()) {
                if (Math.abs(z) < 0.05f) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void checkAgainstFiniteDifferences(Activation out) {
        Random rnd = new Random(7);
        int checked = 0;
        for (int trial = 0; checked < 6 && trial < 200; trial++) {
            AnnAutoencoder net = smallNet(out, 100 + trial);
            int count = 1 + trial % 3;
            float[] x = inputs(rnd, count, 6);
            if (!clearOfKinks(net, x, count, out)) {
                continue;
            }
            checked++;
            AnnAutoencoder.Gradients g = net.gradients(x, count);
            assertEquals(net.loss(x, count), g.loss(), 1e-9);
            float[][] params = net.parameters();
            for (int k = 0; k < params.length; k++) {
                for (int i = 0; i < params[k].length; i++) {
                    float keep = params[k][i];
                    float h = 1e-2f;
                    params[k][i] = keep + h;
                    double up = net.loss(x, count);
                    params[k][i] = keep - h;
                    double down = net.loss(x, count);
                    params[k][i] = keep;
                    double numeric = (up - down) / (2.0 * h);
                    double analytic = g.grads()[k][i];
                    // The loss is quadratic between kinks, so the central difference is exact up to float rounding.
                    assertEquals(numeric, analytic, 2e-4 + 2e-3 * Math.abs(numeric),
                            out + " trial " + trial + " array " + k + " element " + i);
                }
            }
        }
        assertEquals(6, checked, "too few kink-free random cases");
    }

    @Test
    void gradientsMatchFiniteDifferencesWithReluOutput() {
        checkAgainstFiniteDifferences(Activation.RELU);
    }

    @Test
    void gradientsMatchFiniteDifferencesWithIdentityOutput() {
        checkAgainstFiniteDifferences(Activation.IDENTITY);
    }

    @Test
    void withoutBiasesOnlyWeightsChange() {
        AnnAutoencoder net = AnnAutoencoder.initialise(6, 4, Activation.RELU, false, InitMode.XAVIER, 0, 3);
        float[] x = inputs(new Random(1), 5, 6);
        float[] w1 = net.parameters()[0].clone();
        net.trainBatch(x, 5, AnnOptimizer.sgd(0.1, 0));
        assertArrayEquals(new float[4], net.bias1());
        assertArrayEquals(new float[6], net.bias2());
        assertTrue(!java.util.Arrays.equals(w1, net.parameters()[0]), "W1 did not move");
    }

    @Test
    void seededInitialisationIsReproducibleAndGlorotBounded() {
        AnnAutoencoder a = AnnAutoencoder.initialise(784, 196, Activation.RELU, false, InitMode.XAVIER, 0, 42);
        AnnAutoencoder b = AnnAutoencoder.initialise(784, 196, Activation.RELU, false, InitMode.XAVIER, 0, 42);
        AnnAutoencoder c = AnnAutoencoder.initialise(784, 196, Activation.RELU, false, InitMode.XAVIER, 0, 43);
        assertArrayEquals(a.layer1(), b.layer1());
        assertArrayEquals(a.layer2(), b.layer2());
        assertTrue(!java.util.Arrays.equals(a.layer1(), c.layer1()));
        double bound = Math.sqrt(6.0 / (784 + 196));
        double max = 0;
        for (float w : a.layer1()) {
            max = Math.max(max, Math.abs(w));
        }
        assertTrue(max <= bound && max > 0.95 * bound, "max |w| " + max + " vs " + bound);
    }

    @Test
    void encodeDecodeEqualsReconstructAndLayoutsArePostMajor() {
        AnnAutoencoder net = smallNet(Activation.IDENTITY, 5);
        float[] x = inputs(new Random(2), 3, 6);
        float[] a = net.encode(x, 3);
        assertArrayEquals(net.reconstruct(x, 3), net.decode(a, 3), 0f);
        // layer1 is (hidden, inputs): a[0][h] = relu(sum_i W1[h][i] x[0][i] + b1[h]).
        float[] w1 = net.layer1();
        float[] b1 = net.bias1();
        for (int h = 0; h < 4; h++) {
            double z = b1[h];
            for (int i = 0; i < 6; i++) {
                z += w1[h * 6 + i] * x[i];
            }
            assertEquals(Math.max(0, z), a[h], 1e-5);
        }
    }

    @Test
    void saveAndLoadRoundTrip() {
        AnnAutoencoder net = smallNet(Activation.IDENTITY, 9);
        net.save(tmp, java.util.Map.of("note", "test"));
        AnnAutoencoder back = AnnAutoencoder.load(tmp);
        assertEquals(6, back.inputs());
        assertEquals(4, back.hidden());
        assertEquals(Activation.IDENTITY, back.outputActivation());
        assertTrue(back.hasBias());
        float[] x = inputs(new Random(3), 4, 6);
        assertArrayEquals(net.reconstruct(x, 4), back.reconstruct(x, 4), 0f);
        assertArrayEquals(net.layer2(), back.layer2(), 0f);
    }
}
