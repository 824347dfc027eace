package org.spikecoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.spikecoder.model.Preset;

class SettingExceptionTest {
    @Test
    void fieldsAreNamedAsTheFrontEndSaysAndValuesAreLeftAlone() {
        SettingException e = new SettingException("%s already exists: pass {resume} or choose another {out}",
                "/runs/{resume}/50%");
        assertEquals("/runs/{resume}/50% already exists: pass resume or choose another out", e.getMessage());
        assertEquals("/runs/{resume}/50% already exists: pass --resume or choose another --out",
                e.message(f -> "--" + f));
        assertEquals(List.of("resume", "out"), e.fields());
    }

    @Test
    void aLabelIsAFieldWhenItIsOneWord() {
        assertEquals("{out}", SettingException.label("out"));
        assertEquals("--out", SettingException.label("--out"));
        assertEquals("worker folder", SettingException.label("worker folder"));
    }

    @Test
    void trainConfigNamesItsFields() {
        SettingException e = assertThrows(SettingException.class,
                () -> Preset.PAPER.defaults().toBuilder().learningRate(-1f).build());
        assertEquals("learningRate must be a positive number, got -1.0", e.getMessage());
        assertEquals(List.of("learningRate"), e.fields());
    }
}
