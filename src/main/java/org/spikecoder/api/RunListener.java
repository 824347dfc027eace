package org.spikecoder.api;

import java.nio.file.Path;

/**
 * What a run reports while it works: each phase with its size, every batch, every checkpoint. All methods have empty
 * defaults; they are called on the thread that called {@code train}.
 */
public interface RunListener {
    /** The parts of a run whose progress is reported. */
    enum Phase {
        /** The training epochs. */
        TRAIN("train"),
        /** Scoring the test images. */
        TEST("test"),
        /** Scoring the training images train_mse is measured on. */
        TRAIN_EVAL("train-eval"),
        /** Scoring a trained model's images ({@link Evaluation}). */
        EVAL("eval");

        private final String label;

        Phase(String label) {
            this.label = label;
        }

        /** "train", "test", "train-eval", "eval". */
        public String label() {
            return label;
        }
    }

    /**
     * A phase begins.
     *
     * @param totalSamples samples the phase goes through (all epochs for {@link Phase#TRAIN})
     * @param samplesDone  of them already done (a resumed run)
     */
    default void started(Phase phase, long totalSamples, long samplesDone) {
    }

    /**
     * A training batch is done.
     *
     * @param epoch      0-based epoch
     * @param batchIndex 0-based batch within the epoch
     * @param batches    batches in the epoch
     * @param samples    samples in this batch
     * @param loss       mean loss per sample and step over this batch
     */
    default void trainBatchDone(int epoch, int batchIndex, int batches, int samples, double loss) {
    }

    /** A batch of an evaluation phase is done. */
    default void evalBatchDone(Phase phase, int batchIndex, int batches, int samples) {
    }

    /** A phase ended, complete or not. */
    default void ended(Phase phase) {
    }

    /** A checkpoint was written; {@code position} as a user counts, e.g. "epoch 1 batch 4", "the end of epoch 2". */
    default void checkpointSaved(Path file, String position) {
    }

    /**
     * Ctrl-C or SIGTERM stopped training (only with {@code saveOnSignal(true)}) after saving at {@code position}.
     * Says so on {@code System.err}, not through the log: Log4j may already have stopped in its own shutdown hook.
     */
    default void stoppedBySignal(Path checkpoint, String position) {
        System.err.println("interrupted: checkpoint saved in " + checkpoint + " at " + position
                + "; resume the run with the same settings to continue");
        System.err.flush();
    }

    /** Reports nothing. */
    RunListener NONE = new RunListener() {
    };
}
