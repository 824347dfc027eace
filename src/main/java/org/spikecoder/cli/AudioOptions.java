package org.spikecoder.cli;

import org.spikecoder.api.Audiocoder;
import org.spikecoder.audio.SpectrogramConfig;
import org.spikecoder.data.DataLocator;
import org.spikecoder.run.AudioClips;

import picocli.CommandLine.Option;

/** The spoken-digit front end and subset of the audio commands (train-audiocoder, train-ac-ann). */
public final class AudioOptions {
    @Option(names = "--frames", paramLabel = "F",
            description = "Spectrogram frames per clip (x 39 channels = inputs). 100 (10 ms hop, 3,900 inputs) trains in minutes; 1500 is the paper's 58,500 inputs. Default: 100 (train-audiocoder --recipe paper: 1500).")
    Integer frames;

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

    /** These options on an audiocoder run's builder; those not given come from its recipe. */
    Audiocoder.Builder applyTo(Audiocoder.Builder run) {
        if (frames != null) {
            run.frames(frames);
        }
        if (hop != null) {
            run.hop(hop);
        }
        if (rangeDb != null) {
            run.rangeDb(rangeDb);
        }
        if (headroomDb != null) {
            run.headroomDb(headroomDb);
        }
        return run.limitTrain(limitTrain).limitTest(limitTest);
    }

    int frames() {
        return frames != null ? frames : SpectrogramConfig.DEFAULT_FRAMES;
    }

    void check() {
        AudioClips.check(frames(), hop, limitTrain, limitTest);
    }

    double rangeDb() {
        return rangeDb != null ? rangeDb : SpectrogramConfig.DEFAULT_RANGE_DB;
    }

    SpectrogramConfig spectrogram() {
        return AudioClips.spectrogram(frames(), hop, rangeDb(), headroomDb);
    }

    /** Loads FSDD as spectrograms and keeps the --limit-train / --limit-test subsets. */
    AudioClips load(DataLocator data) {
        check();
        return AudioClips.load(data, spectrogram(), limitTrain, limitTest);
    }
}
