package org.spikecoder.cli;

import org.spikecoder.SpikecoderException;
import org.spikecoder.data.DataLocator;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.data.ImageDatasets;

import picocli.CommandLine.Option;

/** How much of an image data set a training command trains and scores on; shared by train-ae and train-ann. */
public final class ImageLimitOptions {
    @Option(names = "--limit-train", defaultValue = "0", paramLabel = "N",
            description = "Train on the first N training images only (0: all 60,000).")
    int limitTrain;

    @Option(names = "--limit-test", defaultValue = "0", paramLabel = "N",
            description = "Evaluate on the first N test images only (0: all 10,000).")
    int limitTest;

    @Option(names = "--train-eval", defaultValue = "10000", paramLabel = "N",
            description = "Training images (the first N used in training) on which train_mse is measured (0: all). Default: ${DEFAULT-VALUE}.")
    int trainEval;

    void check() {
        if (limitTrain < 0 || limitTest < 0 || trainEval < 0) {
            throw new SpikecoderException("--limit-train, --limit-test and --train-eval must be 0 or more");
        }
    }

    ImageDataset train(DataLocator data, String dataset) {
        return ImageDatasets.load(data, dataset, true, limitTrain);
    }

    ImageDataset test(DataLocator data, String dataset) {
        return ImageDatasets.load(data, dataset, false, limitTest);
    }

    /** The training images train_mse is measured on. */
    ImageDataset trainEvalSubset(ImageDataset train) {
        return train.limit(trainEval);
    }
}
