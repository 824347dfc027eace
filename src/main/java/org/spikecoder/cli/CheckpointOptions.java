package org.spikecoder.cli;

import picocli.CommandLine.Option;

/** Checkpointing and resuming, shared by the training commands. */
public final class CheckpointOptions {
    @Option(names = "--resume", description = "Continue the run whose checkpoint is in --out (same options).")
    boolean resume;

    @Option(names = "--checkpoint-every", defaultValue = "100", paramLabel = "BATCHES",
            description = "Save a checkpoint every this many batches (and at the end of every epoch). Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Option(names = "--stop-after", defaultValue = "0", paramLabel = "BATCHES",
            description = "Train at most this many batches in this invocation, save a checkpoint and stop (0: no limit); continue later with --resume.")
    int stopAfter;

    void check() {
        if (checkpointEvery < 1) {
            throw new org.spikecoder.SpikecoderException("--checkpoint-every must be at least 1, got " + checkpointEvery);
        }
        if (stopAfter < 0) {
            throw new org.spikecoder.SpikecoderException("--stop-after must be 0 or more, got " + stopAfter);
        }
    }
}
