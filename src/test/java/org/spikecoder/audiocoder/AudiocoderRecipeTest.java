package org.spikecoder.audiocoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.spikecoder.SettingException;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;

class AudiocoderRecipeTest {

    @Test
    void paperRecipeIsThePapersSection42() {
        AudiocoderRecipe r = AudiocoderRecipe.fromCliName("PAPER");
        assertEquals(2048, r.hidden());
        assertEquals(1500, r.frames());
        assertEquals(60.0, r.rangeDb());
        TrainConfig c = r.apply(Preset.PAPER.defaults().toBuilder(), Preset.PAPER).build();
        assertEquals(60, c.steps());
        assertEquals(50, c.batchSize());
        assertEquals(20, c.epochs());
        assertEquals(5e-5f, c.learningRate());
        assertEquals(0.1f, c.leak());
        assertEquals(1f, c.maxRate());
        TrainConfig authors = r.apply(Preset.AUTHORS_CODE.defaults().toBuilder(), Preset.AUTHORS_CODE).build();
        assertEquals(0.02f, authors.maxRate());
        assertEquals(0.01f, authors.initScale());
    }

    @Test
    void fsddRecipeIsTheValidationChoice() {
        AudiocoderRecipe r = AudiocoderRecipe.fromCliName("fsdd");
        assertEquals(256, r.hidden());
        assertEquals(100, r.frames());
        assertEquals(40.0, r.rangeDb());
        TrainConfig c = r.apply(Preset.PAPER.defaults().toBuilder(), Preset.PAPER).build();
        assertEquals(30, c.steps());
        assertEquals(24, c.epochs());
        assertEquals(400, c.batchSize());
        assertEquals(60, r.evalSteps());
        assertEquals(5e-4f, c.learningRate());
        assertEquals(0.02f, c.leak());
        assertThrows(SettingException.class, () -> AudiocoderRecipe.fromCliName("ti46"));
    }
}
