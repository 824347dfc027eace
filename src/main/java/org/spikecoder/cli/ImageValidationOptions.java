package org.spikecoder.cli;

import picocli.CommandLine.Option;

/** A validation split of the training images (train-ae), on which options are chosen instead of the test images. */
public final class ImageValidationOptions {
    @Option(names = "--validation", defaultValue = "0", paramLabel = "N",
            description = "Hold out the last N of the (limited) training images as a validation split, scored as"
                    + " val_mse; options are chosen on it, not on the test images. Default: ${DEFAULT-VALUE}.")
    int validation;
}
