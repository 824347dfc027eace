package org.spikecoder.cli;

import org.spikecoder.SpikecoderException;
import org.spikecoder.data.ImageDataset;

import picocli.CommandLine.Option;

/** A validation split of the training images (train-ae), on which options are chosen instead of the test images. */
public final class ImageValidationOptions {
    @Option(names = "--validation", defaultValue = "0", paramLabel = "N",
            description = "Hold out the last N of the (limited) training images as a validation split, scored as"
                    + " val_mse; options are chosen on it, not on the test images. Default: ${DEFAULT-VALUE}.")
    int validation;

    /** The training images minus the validation split (the last --validation images). */
    ImageDataset trainPart(ImageDataset train) {
        if (validation < 0 || validation >= train.count()) {
            throw new SpikecoderException("--validation must be in 0.." + (train.count() - 1) + " (it leaves the"
                    + " rest of the " + train.count() + " training images to train on), got " + validation);
        }
        return validation == 0 ? train : train.limit(train.count() - validation);
    }

    /** The validation split, or null without --validation. */
    ImageDataset validationPart(ImageDataset train) {
        return validation == 0 ? null : train.from(train.count() - validation);
    }
}
