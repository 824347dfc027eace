package org.spikecoder.ann;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikecoder.SpikecoderException;
import org.spikecoder.model.InitMode;

/** The generic N-H-M network against central finite differences, on a shape that is not an autoencoder's. */
class MlpTest {
    @TempDir
    Path tmp;

    private static float[] values(Random rnd, int n, float scale) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextInt(4) == 0 ? 0f : rnd.nextFloat() * scale;
        }
        return x;
    }

    /** 7-5-3 with random non-zero biases, so both activations' kinks matter. */
    private static Mlp smallNet(Activation out, long seed) {
        Mlp net = Mlp.initialise(7, 5, 3, out, true, InitMode.UNIFORM, 0.8f, seed);
        Random rnd = new Random(seed);
        for (float[] b : new float[][] {net.parameters()[1], net.parameters()[3]}) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (rnd.nextGaussian() * 0.3);
            }
        }
        return net;
    }

    private static boolean clearOfKinks(Mlp net, float[] x, int count, Activation out) {
        Mlp.Forward f = net.forward(x, count);
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
        Random rnd = new Random(11);
        int checked = 0;
        for (int trial = 0; checked < 6 && trial < 300; trial++) {
            Mlp net = smallNet(out, 200 + trial);
            int count = 1 + trial % 3;
            float[] x = values(rnd, count * 7, 1f);
            float[] t = values(rnd, count * 3, 2f);
            if (!clearOfKinks(net, x, count, out)) {
                continue;
            }
            checked++;
            Mlp.Gradients g = net.gradients(x, t, count);
            assertEquals(net.loss(x, t, count), g.loss(), 1e-9);
            float[][] params = net.parameters();
            for (int k = 0; k < params.length; k++) {
                for (int i = 0; i < params[k].length; i++) {
                    float keep = params[k][i];
                    float h = 1e-2f;
                    params[k][i] = keep + h;
                    double up = net.loss(x, t, count);
                    params[k][i] = keep - h;
                    double down = net.loss(x, t, count);
                    params[k][i] = keep;
                    double numeric = (up - down) / (2.0 * h);
                    // Quadratic between kinks: the central difference is exact up to float rounding.
                    assertEquals(numeric, g.grads()[k][i], 2e-4 + 2e-3 * Math.abs(numeric),
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
    void predictIsDecodeOfEncodeAndLayersHaveThePostPreShape() {
        Mlp net = smallNet(Activation.IDENTITY, 5);
        float[] x = values(new Random(3), 2 * 7, 1f);
        assertArrayEquals(net.decode(net.encode(x, 2), 2), net.predict(x, 2));
        float[] l2 = net.layer2();
        // layer2 is (outputs, hidden): row o holds the weights into output o.
        assertEquals(3 * 5, l2.length);
        assertEquals(net.parameters()[2][4 * 3 + 2], l2[2 * 5 + 4]);
    }

    @Test
    void autoencoderIsTheMlpWithTargetEqualToInput() {
        AnnAutoencoder ae = AnnAutoencoder.initialise(6, 4, Activation.RELU, false, InitMode.XAVIER, 0f, 9);
        Mlp mlp = Mlp.initialise(6, 4, 6, Activation.RELU, false, InitMode.XAVIER, 0f, 9);
        assertArrayEquals(mlp.layer1(), ae.layer1());
        assertArrayEquals(mlp.layer2(), ae.layer2());
        float[] x = values(new Random(4), 3 * 6, 1f);
        assertEquals(mlp.loss(x, x, 3), ae.loss(x, 3));
    }

    @Test
    void audiocoderSavesLoadsAndRefusesAnAutoencoderFolder() {
        AnnAudiocoder ac = AnnAudiocoder.initialise(7, 5, 3, Activation.IDENTITY, true, InitMode.XAVIER, 0f, 2);
        ac.network().parameters()[3][1] = 0.25f;
        ac.save(tmp.resolve("ac"), java.util.Map.of("note", "test"));
        AnnAudiocoder back = AnnAudiocoder.load(tmp.resolve("ac"));
        assertEquals("7-5-3", back.describe());
        assertEquals(Activation.IDENTITY, back.outputActivation());
        float[] x = values(new Random(6), 2 * 7, 1f);
        assertArrayEquals(ac.predict(x, 2), back.predict(x, 2));

        AnnAutoencoder ae = AnnAutoencoder.initialise(6, 4, Activation.RELU, false, InitMode.XAVIER, 0f, 9);
        ae.save(tmp.resolve("ae"), null);
        // An autoencoder folder has ann.json, not ac-ann.json; a renamed one is refused by its kind.
        assertThrows(SpikecoderException.class, () -> AnnAudiocoder.load(tmp.resolve("ae")));
        ac.save(tmp.resolve("renamed"), null);
        Mlp.load(tmp.resolve("renamed"), AnnAudiocoder.JSON_FILE, AnnAudiocoder.KIND);
        SpikecoderException e = assertThrows(SpikecoderException.class,
                () -> Mlp.load(tmp.resolve("renamed"), AnnAudiocoder.JSON_FILE, AnnAutoencoder.KIND));
        assertTrue(e.getMessage().contains("kind"), e.getMessage());
    }
}
