package org.spikecoder.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.spikecoder.SpikecoderException;

class ClipSplitsTest {
    private static final SpectrogramConfig ONE_FRAME = SpectrogramConfig.defaults().withFrames(1, 80);

    /** Clips named {digit}_{speaker}_{index}.wav whose first input value is their position. */
    private static DigitSet set(String... names) {
        int size = ONE_FRAME.inputSize();
        float[] inputs = new float[names.length * size];
        int[] labels = new int[names.length];
        String[] speakers = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            inputs[i * size] = i;
            String[] p = names[i].split("_");
            labels[i] = Integer.parseInt(p[0]);
            speakers[i] = p[1];
        }
        return new DigitSet("t", ONE_FRAME, inputs, labels, names, speakers);
    }

    @Test
    void recordingIndexComesFromTheName() {
        assertEquals(12, ClipSplits.recordingIndex("7_jackson_12.wav"));
        assertEquals(0, ClipSplits.recordingIndex("0_a_0.wav"));
        assertThrows(SpikecoderException.class, () -> ClipSplits.recordingIndex("03m2set1.wav"));
    }

    @Test
    void validationHoldsOutTheGivenIndicesOfEverySpeakerAndDigit() {
        DigitSet train = set("0_a_5.wav", "0_a_6.wav", "0_a_7.wav", "1_b_5.wav", "1_b_9.wav", "1_b_6.wav");
        ClipSplits.Parts p = ClipSplits.validation(train, 5, 2);
        assertArrayEquals(new String[] {"0_a_7.wav", "1_b_9.wav"}, p.kept().names());
        assertArrayEquals(new String[] {"0_a_5.wav", "0_a_6.wav", "1_b_5.wav", "1_b_6.wav"}, p.heldOut().names());
        // inputs travel with their clips
        assertEquals(2f, p.kept().inputs()[0]);
        assertEquals(5f, p.heldOut().inputs()[3 * ONE_FRAME.inputSize()]);
        assertArrayEquals(new int[] {0, 0, 1, 1}, p.heldOut().labels());
        assertThrows(SpikecoderException.class, () -> ClipSplits.validation(train, 20, 1), "nothing held out");
        assertThrows(SpikecoderException.class, () -> ClipSplits.validation(train, 5, 0));
    }

    @Test
    void speakerSplitTakesEveryClipOfOneSpeaker() {
        DigitSet train = set("0_a_5.wav", "1_b_5.wav", "2_c_5.wav");
        DigitSet test = set("0_a_0.wav", "1_b_0.wav");
        ClipSplits.Parts p = ClipSplits.speaker(train, test, "B");
        assertArrayEquals(new String[] {"1_b_5.wav", "1_b_0.wav"}, p.heldOut().names());
        assertArrayEquals(new String[] {"0_a_5.wav", "2_c_5.wav", "0_a_0.wav"}, p.kept().names());
        SpikecoderException e = assertThrows(SpikecoderException.class, () -> ClipSplits.speaker(train, test, "z"));
        assertTrue(e.getMessage().contains("a, b, c"), e.getMessage());
    }
}
