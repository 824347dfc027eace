package org.spikecoder.model;

/**
 * How the learning rate moves over a run. The rate is fixed for the T steps of a batch (Adam's moments restart every
 * batch anyway) and is a function of the batch's place in the run alone, so a resumed run follows the same curve.
 */
public enum LrSchedule {
    /** The same rate for every batch. */
    CONSTANT,
    /** Half a cosine from the rate at the first batch to the end rate at the last (SGDR without restarts). */
    COSINE;

    /**
     * The rate of one batch.
     *
     * @param start    rate of the first batch
     * @param end      rate the schedule approaches at the end of the run (unused by CONSTANT)
     * @param progress batches done before this one over all batches of the run, in [0, 1)
     */
    public float at(float start, float end, double progress) {
        return switch (this) {
            case CONSTANT -> start;
            case COSINE -> (float) (end + 0.5 * (start - end) * (1 + Math.cos(Math.PI * progress)));
        };
    }
}
