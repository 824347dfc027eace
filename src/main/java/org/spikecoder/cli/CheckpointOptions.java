package org.spikecoder.cli;

import org.spikecoder.api.RunBuilder;

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

    /** These options on a run's builder; Ctrl-C and SIGTERM save a checkpoint, as a command line user expects. */
    <B extends RunBuilder<B>> B applyTo(B run) {
        return run.resume(resume).checkpointEvery(checkpointEvery).stopAfter(stopAfter).saveOnSignal(true);
    }
}
