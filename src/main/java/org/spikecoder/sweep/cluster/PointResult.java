package org.spikecoder.sweep.cluster;

import java.io.Serializable;
import java.util.List;

/**
 * What a worker sends back for one point.
 *
 * @param exitCode     the training command's exit status (0: the point is done)
 * @param reason       for a failed point, the line that says why (the command's "error: ..." line); else empty
 * @param files        the run folder's small files, to be written into the sweep's folder for the point
 * @param leftOnWorker files too big to send (e.g. a large checkpoint), left in {@code workerFolder}
 * @param workerFolder where the run lives on the worker
 * @param seconds      wall time of the command on the worker (0 when an earlier run's results were sent)
 */
public record PointResult(int exitCode, String reason, List<ResultFile> files, List<String> leftOnWorker,
                          String workerFolder, double seconds) implements Serializable {
    private static final long serialVersionUID = 1L;

    public PointResult {
        files = List.copyOf(files);
        leftOnWorker = List.copyOf(leftOnWorker);
    }

    /**
     * One file of a run's folder.
     *
     * @param name  a plain file name (no folders)
     * @param bytes its content
     */
    public record ResultFile(String name, byte[] bytes) implements Serializable {
        private static final long serialVersionUID = 1L;
    }
}
