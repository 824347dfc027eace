package org.spikecoder.sweep.cluster;

import java.nio.file.Path;
import java.util.List;

import org.spikecoder.SpikecoderException;

/**
 * What a worker offers and how it runs a point.
 *
 * @param workDir      the worker's own folder: one subfolder per point (named by {@link PointSpec#id()}) and its log
 * @param devices      OpenCL devices, one slot each: a point gets {@code --device D}; empty for one slot and no
 *                     --device
 * @param launcher     the command that starts a job process, to which the point's options are appended (a JVM
 *                     running the spikecoder command line)
 * @param version      this worker's spikecoder version; points from another version are refused
 * @param maxFileBytes files of a run up to this size are sent back to the sweep; bigger ones stay here
 */
public record WorkerSettings(Path workDir, List<String> devices, List<String> launcher, String version,
                             long maxFileBytes) {
    /** Files up to 16 MiB travel back: metrics, curves, pictures, and the checkpoint of an MNIST-sized network. */
    public static final long DEFAULT_MAX_FILE_BYTES = 16L << 20;

    public WorkerSettings {
        devices = List.copyOf(devices);
        launcher = List.copyOf(launcher);
        if (devices.stream().anyMatch(String::isBlank) || devices.stream().distinct().count() != devices.size()) {
            throw new SpikecoderException("--devices " + String.join(",", devices)
                    + ": expected distinct device indices or names, e.g. 0,1");
        }
    }

    /** Points run at once: one per device, or one. */
    public int slots() {
        return Math.max(1, devices.size());
    }
}
