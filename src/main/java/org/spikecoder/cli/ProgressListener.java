package org.spikecoder.cli;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.spikecoder.api.RunListener;

/** A run's progress as the command line shows it: a {@link ProgressReporter} per phase, the signal line in its words. */
final class ProgressListener implements RunListener {
    private final boolean interactive;
    private final Map<Phase, ProgressReporter> open = new EnumMap<>(Phase.class);

    ProgressListener(boolean interactive) {
        this.interactive = interactive;
    }

    @Override
    public void started(Phase phase, long totalSamples, long samplesDone) {
        open.put(phase, new ProgressReporter(phase.label(), totalSamples, samplesDone, interactive));
    }

    @Override
    public void trainBatchDone(int epoch, int batchIndex, int batches, int samples, double loss) {
        open.get(Phase.TRAIN).batchDone(epoch, batchIndex, batches, samples, loss);
    }

    @Override
    public void evalBatchDone(Phase phase, int batchIndex, int batches, int samples) {
        open.get(phase).evalBatchDone(batchIndex, batches, samples);
    }

    @Override
    public void ended(Phase phase) {
        ProgressReporter p = open.remove(phase);
        if (p != null) {
            p.close();
        }
    }

    @Override
    public void stoppedBySignal(Path checkpoint, String position) {
        System.err.println("interrupted: checkpoint saved in " + checkpoint + " at " + position
                + "; continue with --resume and the same options");
        System.err.flush();
    }
}
