package org.spikecoder.engine;

/** What a {@link Trainer} reports while it works; the command line turns it into a progress bar and files. */
public interface TrainListener {
    /**
     * Called after every training batch.
     *
     * @param epoch      0-based epoch
     * @param batchIndex 0-based batch within the epoch
     * @param batches    batches in the epoch
     * @param samples    samples in this batch
     * @param loss       mean loss per sample and step over this batch
     */
    default void batchDone(int epoch, int batchIndex, int batches, int samples, double loss) {
    }

    /** Called after every evaluation batch. */
    default void evalBatchDone(int batchIndex, int batches, int samples) {
    }

    TrainListener NONE = new TrainListener() {
    };
}
