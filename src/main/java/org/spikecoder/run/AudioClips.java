package org.spikecoder.run;

import java.util.Locale;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SettingException;
import org.spikecoder.audio.DigitSet;
import org.spikecoder.audio.SpectrogramConfig;
import org.spikecoder.audio.SpokenDigits;
import org.spikecoder.data.DataLocator;

/**
 * The spoken-digit clips an audio run trains and scores on: FSDD as spectrograms of a chosen front end, and the
 * subsets of {@code limitTrain} and {@code limitTest} clips spread evenly over each split.
 *
 * @param spectrogram the front end
 * @param train       the training clips
 * @param test        the test clips
 */
public record AudioClips(SpectrogramConfig spectrogram, DigitSet train, DigitSet test) {
    private static final Logger LOG = LogManager.getLogger(AudioClips.class);
    /** The most frames whose inputs (x 39 channels) fit a Java array. */
    public static final int MAX_FRAMES = (Integer.MAX_VALUE - 8) / SpectrogramConfig.CHANNELS;

    /**
     * Checks the front end's and the subsets' settings.
     *
     * @param hop null for the default (80 samples, or 12 with the paper's 1500 frames)
     * @throws SettingException naming the first field out of range
     */
    public static void check(int frames, Integer hop, int limitTrain, int limitTest) {
        if (frames < 1) {
            throw new SettingException("{frames} must be positive, got %s", frames);
        }
        if (limitTrain < 0) {
            throw new SettingException("{limitTrain} must be 0 or more, got %s", limitTrain);
        }
        if (limitTest < 0) {
            throw new SettingException("{limitTest} must be 0 or more, got %s", limitTest);
        }
        if (frames > MAX_FRAMES) {
            throw new SettingException("{frames} must be at most %s (x %s channels per Java array), got %s",
                    MAX_FRAMES, SpectrogramConfig.CHANNELS, frames);
        }
        if (hop != null && hop < 1) {
            throw new SettingException("{hop} must be at least 1, got %s", hop);
        }
    }

    /**
     * The front end: {@code frames} frames {@code hop} samples apart (null: 80, or 12 with the paper's 1500 frames),
     * {@code rangeDb} of dynamic range, and {@code headroomDb} (null: none) below the loudest mapped to 1.
     */
    public static SpectrogramConfig spectrogram(int frames, Integer hop, double rangeDb, Double headroomDb) {
        SpectrogramConfig c = SpectrogramConfig.defaults()
                .withFrames(frames, hop != null ? hop : frames == SpectrogramConfig.PAPER_FRAMES ? 12 : 80);
        c = c.withRangeDb(rangeDb);
        return headroomDb == null ? c : c.withHeadroomDb(headroomDb);
    }

    /** Loads FSDD as spectrograms and keeps {@code limitTrain} training and {@code limitTest} test clips (0: all). */
    public static AudioClips load(DataLocator data, SpectrogramConfig spectrogram, int limitTrain, int limitTest) {
        long t0 = System.nanoTime();
        SpokenDigits.Split clips = SpokenDigits.loadFsdd(data, spectrogram);
        DigitSet train = spread(clips.train(), limitTrain);
        DigitSet test = spread(clips.test(), limitTest);
        LOG.info("{} training and {} test clips as {} inputs each ({} s)", train.count(), test.count(),
                spectrogram.inputSize(), String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        return new AudioClips(spectrogram, train, test);
    }

    /** N clips spread evenly over the (sorted) set, so a limited run still sees every digit and speaker. */
    public static DigitSet spread(DigitSet set, int n) {
        if (n <= 0 || n >= set.count()) {
            return set;
        }
        int size = set.inputSize();
        float[] inputs = new float[n * size];
        int[] labels = new int[n];
        String[] names = new String[n];
        String[] speakers = new String[n];
        for (int k = 0; k < n; k++) {
            int i = (int) ((long) k * set.count() / n);
            System.arraycopy(set.inputs(), i * size, inputs, k * size, size);
            labels[k] = set.labels()[i];
            names[k] = set.names()[i];
            speakers[k] = set.speakers()[i];
        }
        return new DigitSet(set.name(), set.config(), inputs, labels, names, speakers);
    }
}
