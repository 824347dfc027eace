package org.spikecoder.cli;

import java.util.Locale;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;
import org.spikecoder.audio.DigitSet;
import org.spikecoder.audio.SpectrogramConfig;
import org.spikecoder.audio.SpokenDigits;
import org.spikecoder.data.DataLocator;

import picocli.CommandLine.Option;

/** The spoken-digit front end and subset of the audio commands (train-audiocoder, train-ac-ann). */
public final class AudioOptions {
    private static final Logger LOG = LogManager.getLogger(AudioOptions.class);
    private static final int MAX_FRAMES = (Integer.MAX_VALUE - 8) / SpectrogramConfig.CHANNELS;

    @Option(names = "--frames", paramLabel = "F",
            description = "Spectrogram frames per clip (x 39 channels = inputs). 100 (10 ms hop, 3,900 inputs) trains in minutes; 1500 is the paper's 58,500 inputs. Default: 100 (train-audiocoder --recipe paper: 1500).")
    Integer frames;

    private int defaultFrames = SpectrogramConfig.DEFAULT_FRAMES;
    private double defaultRangeDb = SpectrogramConfig.DEFAULT_RANGE_DB;

    @Option(names = "--hop", paramLabel = "SAMPLES",
            description = "Samples between frames at 8 kHz (default: 80, or 12 with --frames 1500).")
    Integer hop;

    @Option(names = "--range-db", paramLabel = "DB",
            description = "Dynamic range of the spectrogram's scaling: values more than DB below a clip's loudest map to 0. Default: 60 (train-audiocoder --recipe fsdd: 40).")
    Double rangeDb;

    @Option(names = "--headroom-db", paramLabel = "DB",
            description = "Spectrogram values within DB of a clip's loudest map to 1 (rate-coded without Bernoulli noise). Default: 0.")
    Double headroomDb;

    @Option(names = "--limit-train", defaultValue = "0", paramLabel = "N",
            description = "Train on N training clips spread evenly over the set (0: all 2,700).")
    int limitTrain;

    @Option(names = "--limit-test", defaultValue = "0", paramLabel = "N",
            description = "Evaluate on N test clips spread evenly over the set (0: all 300).")
    int limitTest;

    /** The training and test clips, each limited with {@link #spread}. */
    record Clips(SpectrogramConfig spectrogram, DigitSet train, DigitSet test) {
    }

    /** The frame count when --frames is not given (a command's recipe). */
    void defaultFrames(int f) {
        defaultFrames = f;
    }

    /** The dynamic range when --range-db is not given (a command's recipe). */
    void defaultRangeDb(double db) {
        defaultRangeDb = db;
    }

    int frames() {
        return frames != null ? frames : defaultFrames;
    }

    void check() {
        if (frames() < 1 || limitTrain < 0 || limitTest < 0) {
            throw new SpikecoderException("--frames must be positive, --limit-train and --limit-test 0 or more");
        }
        if (frames() > MAX_FRAMES) {
            throw new SpikecoderException("--frames must be at most " + MAX_FRAMES + " (x " + SpectrogramConfig.CHANNELS
                    + " channels per Java array), got " + frames());
        }
        if (hop != null && hop < 1) {
            throw new SpikecoderException("--hop must be at least 1, got " + hop);
        }
    }

    SpectrogramConfig spectrogram() {
        SpectrogramConfig c = SpectrogramConfig.defaults()
                .withFrames(frames(), hop != null ? hop : frames() == SpectrogramConfig.PAPER_FRAMES ? 12 : 80);
        c = c.withRangeDb(rangeDb != null ? rangeDb : defaultRangeDb);
        return headroomDb == null ? c : c.withHeadroomDb(headroomDb);
    }

    /** Loads FSDD as spectrograms and keeps the --limit-train / --limit-test subsets. */
    Clips load(DataLocator data) {
        check();
        SpectrogramConfig spectrogram = spectrogram();
        long t0 = System.nanoTime();
        SpokenDigits.Split clips = SpokenDigits.loadFsdd(data, spectrogram);
        DigitSet train = spread(clips.train(), limitTrain);
        DigitSet test = spread(clips.test(), limitTest);
        LOG.info("{} training and {} test clips as {} inputs each ({} s)", train.count(), test.count(),
                spectrogram.inputSize(), String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t0) / 1e9));
        return new Clips(spectrogram, train, test);
    }

    /** N clips spread evenly over the (sorted) set, so a limited run still sees every digit and speaker. */
    static DigitSet spread(DigitSet set, int n) {
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
