package org.spikecoder.api;

import org.spikecoder.SettingException;
import org.spikecoder.audiocoder.AudiocoderRecipe;

/** Defaults of an audiocoder run, applied after the {@link Preset} and before any setting given. */
public enum Recipe {
    /** Chosen on FSDD's validation split: 100 frames, 256 hidden, T 30, batch 400, 24 epochs, 60 scoring steps. */
    FSDD(AudiocoderRecipe.FSDD),
    /** The paper's section 4.2: 1500 frames (58,500 inputs), 2,048 hidden, T 60, batch 50, lr 5e-5, 20 epochs. */
    PAPER(AudiocoderRecipe.PAPER);

    private final AudiocoderRecipe recipe;

    Recipe(AudiocoderRecipe recipe) {
        this.recipe = recipe;
    }

    /** "fsdd" or "paper". */
    public String id() {
        return recipe.cliName();
    }

    AudiocoderRecipe recipe() {
        return recipe;
    }

    /** @throws SettingException naming the field {@code recipe} for any other name than "fsdd", "paper" */
    public static Recipe parse(String text) {
        return AudiocoderRecipe.fromCliName(text) == AudiocoderRecipe.FSDD ? FSDD : PAPER;
    }
}
