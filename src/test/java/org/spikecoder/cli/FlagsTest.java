package org.spikecoder.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.spikecoder.SettingException;

class FlagsTest {
    @Test
    void fieldsBecomeTheFlagsAUserTyped() {
        assertEquals("--lr", Flags.of("learningRate"));
        assertEquals("--batch", Flags.of("batchSize"));
        assertEquals("--limit-train", Flags.of("limitTrain"));
        assertEquals("--beta1", Flags.of("beta1"));
        assertEquals("--out", Flags.of("out"));
        assertEquals("--ae", Flags.of("autoencoder"));
    }

    @Test
    void errorsFromBelowSpeakOfFlags() {
        assertEquals("--lr must be a positive number, got -1.0", ErrorHandler.describe(
                new SettingException("{learningRate} must be a positive number, got %s", -1f)));
    }
}
