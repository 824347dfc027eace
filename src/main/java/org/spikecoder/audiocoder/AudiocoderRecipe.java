package org.spikecoder.audiocoder;

import java.util.Locale;

import org.spikecoder.SettingException;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;

/**
 * Named sets of defaults for {@code train-audiocoder}, applied after the {@link Preset} and before the user's options
 * (every field stays an option).
 * <ul>
 * <li>{@link #FSDD}, the default: 3900-256-196 (100 frames), spectrogram range 40 dB, T 30, batch 400, 24 epochs,
 * lr 5e-4, leak 0.02, max rate 1, and 60 steps per clip when the model is scored or used; each chosen on FSDD's
 * validation split (recording indices 5-9 of the training clips, docs/RESULTS.md "Choosing the audiocoder's options"
 * and "Choosing again"), never on the test clips.</li>
 * <li>{@link #PAPER}: the paper's section 4.2, 58,500 inputs (1500 frames), 2,048 hidden neurons, T 60, batch 50,
 * lr 5e-5, 20 epochs, leak 0.1; under {@code --preset authors-code} also max rate 0.02 and U(-0.01, 0.01) weights as
 * the authors' code.</li>
 * </ul>
 */
public enum AudiocoderRecipe {
    FSDD("fsdd", 256, 100, 40, 30, 400, 24, 5e-4f, 0.02f, 1f, 60),
    PAPER("paper", 2048, 1500, 60, 60, 50, 20, 5e-5f, 0.1f, Float.NaN, 0);

    private final String cliName;
    private final int hidden;
    private final int frames;
    private final double rangeDb;
    private final int steps;
    private final int batch;
    private final int epochs;
    private final float lr;
    private final float leak;
    private final float maxRate;
    private final int evalSteps;

    AudiocoderRecipe(String cliName, int hidden, int frames, double rangeDb, int steps, int batch, int epochs, float lr,
                     float leak, float maxRate, int evalSteps) {
        this.cliName = cliName;
        this.hidden = hidden;
        this.frames = frames;
        this.rangeDb = rangeDb;
        this.steps = steps;
        this.batch = batch;
        this.epochs = epochs;
        this.lr = lr;
        this.leak = leak;
        this.maxRate = maxRate;
        this.evalSteps = evalSteps;
    }

    public static AudiocoderRecipe fromCliName(String name) {
        for (AudiocoderRecipe r : values()) {
            if (r.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        throw new SettingException("{recipe} must be 'fsdd' or 'paper', got '%s'", name);
    }

    public String cliName() {
        return cliName;
    }

    /** Hidden neurons of the audiocoder. */
    public int hidden() {
        return hidden;
    }

    /** Spectrogram frames (x 39 channels = inputs). */
    public int frames() {
        return frames;
    }

    /** Dynamic range of the spectrogram's scaling in dB. */
    public double rangeDb() {
        return rangeDb;
    }

    /** Steps the audio-to-image model runs per clip when scored and in synthesize, or 0 for the training T. */
    public int evalSteps() {
        return evalSteps;
    }

    /** The recipe's training settings on top of the preset's. */
    public TrainConfig.Builder apply(TrainConfig.Builder b, Preset preset) {
        b.steps(steps).batchSize(batch).learningRate(lr).epochs(epochs).weightDecay(1e-4f).leak(leak);
        if (!Float.isNaN(maxRate)) {
            b.maxRate(maxRate);
        } else if (preset == Preset.AUTHORS_CODE) {
            // The authors' code drives the audiocoder at 20 Hz (0.02 per step) and draws weights from U(-0.01, 0.01).
            b.maxRate(0.02f).initScale(0.01f);
        }
        return b;
    }
}
