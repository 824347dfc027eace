package org.spikecoder.rng;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhiloxTest {

    /** Known-answer vectors of Philox4x32-10 from the Random123 distribution (kat_vectors). */
    @Test
    void matchesRandom123KnownAnswers() {
        int[] out = new int[4];
        Philox.philox4x32(0, 0, 0, 0, 0, 0, out);
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, out);
        Philox.philox4x32(-1, -1, -1, -1, -1, -1, out);
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, out);
        Philox.philox4x32(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, out);
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}, out);
    }

    @Test
    void sameCounterSameNumberDifferentCounterDifferentNumber() {
        float a = Philox.uniform(42, 5, 3, 7, Philox.STREAM_TRAIN_INPUT);
        assertEquals(a, Philox.uniform(42, 5, 3, 7, Philox.STREAM_TRAIN_INPUT));
        assertNotEquals(a, Philox.uniform(42, 5, 4, 7, Philox.STREAM_TRAIN_INPUT));
        assertNotEquals(a, Philox.uniform(43, 5, 3, 7, Philox.STREAM_TRAIN_INPUT));
        assertNotEquals(a, Philox.uniform(42, 5, 3, 7, Philox.STREAM_EVAL_INPUT));
    }

    @Test
    void uniformIsInUnitIntervalWithMeanOneHalf() {
        double sum = 0;
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            float u = Philox.uniform(7, i, 0, 0, 0);
            assertTrue(u >= 0f && u < 1f);
            sum += u;
        }
        assertEquals(0.5, sum / n, 0.01);
        assertEquals(0f, Philox.uniform24(0));
        assertTrue(Philox.uniform24(-1) < 1f);
    }
}
