package org.spikecoder.api;

import org.spikecoder.SettingException;

/** Named sets of defaults for every training setting; each stays overridable (docs/PRESETS.md lists them). */
public enum Preset {
    /** The algorithm as the paper's text states it: per-neuron trace reset, full-rate Poisson input, Glorot init. */
    PAPER(org.spikecoder.model.Preset.PAPER),
    /** What the authors' published MATLAB code does: shared scaled trace, V clamped at Vth, max rate 0.3. */
    AUTHORS_CODE(org.spikecoder.model.Preset.AUTHORS_CODE);

    private final org.spikecoder.model.Preset model;

    Preset(org.spikecoder.model.Preset model) {
        this.model = model;
    }

    /** "paper" or "authors-code". */
    public String id() {
        return model.cliName();
    }

    org.spikecoder.model.Preset model() {
        return model;
    }

    /** @throws SettingException naming the field {@code preset} for any other name than "paper", "authors-code" */
    public static Preset parse(String text) {
        org.spikecoder.model.Preset m = org.spikecoder.model.Preset.fromCliName(text);
        return m == org.spikecoder.model.Preset.PAPER ? PAPER : AUTHORS_CODE;
    }
}
