package org.spikecoder.ann;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class QuantiserTest {
    private static final float[] MAXES = {1f, 3.7f, 0.013f, 123.456f};

    @Test
    void producesExactlyTwoToTheBitsLevels() {
        for (int bits : new int[] {1, 2, 5, 10, 15}) {
            Quantiser q = new Quantiser(bits, 3.7f);
            TreeSet<Float> seen = new TreeSet<>();
            int n = 1 << bits;
            // Sweep finely enough to hit every level, plus values beyond both ends.
            for (int i = -10; i <= 4 * n + 10; i++) {
                seen.add(q.quantise(3.7f * i / (4f * n)));
            }
            assertEquals(n, seen.size(), "bits " + bits);
            assertEquals(n, q.levels());
        }
    }

    @Test
    void endpointsAreExact() {
        for (float max : MAXES) {
            for (int bits = 1; bits <= 16; bits++) {
                Quantiser q = new Quantiser(bits, max);
                assertEquals(0f, q.quantise(0f), 0f);
                assertEquals(max, q.quantise(max), 0f);
                assertEquals(max, q.quantise(max * 2), 0f);
                assertEquals(0f, q.quantise(-1f), 0f);
                assertEquals(max, q.value(q.levels() - 1), 0f);
            }
        }
    }

    @Test
    void idempotentAndMonotone() {
        Random rnd = new Random(11);
        for (float max : MAXES) {
            for (int bits = 1; bits <= 16; bits++) {
                Quantiser q = new Quantiser(bits, max);
                float[] v = new float[2000];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (rnd.nextFloat() * 1.2f - 0.1f) * max;
                }
                java.util.Arrays.sort(v);
                float prev = Float.NEGATIVE_INFINITY;
                for (float x : v) {
                    float y = q.quantise(x);
                    assertEquals(y, q.quantise(y), 0f, "not idempotent at " + x);
                    assertTrue(y >= prev, "not monotone at " + x);
                    assertTrue(Math.abs(y - Math.min(Math.max(x, 0), max)) <= max / (q.levels() - 1) / 2 + 2 * Math.ulp(max),
                            "farther than half a step at " + x);
                    prev = y;
                }
                for (int k = 0; k < q.levels(); k++) {
                    assertEquals(k, q.level(q.value(k)), "level " + k);
                }
            }
        }
    }

    @Test
    void fitTakesTheLargestActivationAndArrayFormIsElementwise() {
        float[] a = {0f, 2.5f, 1f, 0.3f};
        Quantiser q = Quantiser.fit(2, a);
        assertEquals(2.5f, q.max(), 0f);
        float[] out = q.quantise(a);
        // Levels 0, 2.5/3, 5/3, 2.5: 1 -> 2.5/3 (0.8333), 0.3 -> 0.
        assertEquals(0f, out[0], 0f);
        assertEquals(2.5f, out[1], 0f);
        assertEquals(2.5f / 3, out[2], 1e-6f);
        assertEquals(0f, out[3], 0f);
        assertEquals(1f, a[2], 0f);
        assertEquals(0f, new Quantiser(3, 0f).quantise(5f), 0f);
        assertThrows(IllegalArgumentException.class, () -> new Quantiser(0, 1f));
        assertThrows(IllegalArgumentException.class, () -> new Quantiser(4, Float.NaN));
    }
}
