package org.spikecoder.cli;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.engine.TrainListener;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training and evaluation progress: a live progress bar (samples/s, running loss) on a terminal, and a log
 * line every tenth of the work otherwise (CI logs and files stay readable).
 */
final class ProgressReporter implements TrainListener, AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(ProgressReporter.class);

    private final boolean interactive;
    private final String task;
    private final long totalSamples;
    private final long startNanos = System.nanoTime();
    private ProgressBar bar;
    private long done;
    private double runningLoss = Double.NaN;
    private int lastLoggedTenth = -1;

    ProgressReporter(String task, long totalSamples, long alreadyDone, boolean interactive) {
        this.task = task;
        this.totalSamples = totalSamples;
        this.done = alreadyDone;
        this.interactive = interactive;
        if (interactive) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(totalSamples)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" img", 1).showSpeed().continuousUpdate().build();
            bar.stepTo(alreadyDone);
        }
    }

    static boolean terminalAttached() {
        return System.console() != null;
    }

    @Override
    public void batchDone(int epoch, int batchIndex, int batches, int samples, double loss) {
        // Exponential moving average: a readable trend instead of per-batch noise.
        runningLoss = Double.isNaN(runningLoss) ? loss : 0.95 * runningLoss + 0.05 * loss;
        advance(samples, String.format("epoch %d loss %.4f", epoch + 1, runningLoss));
    }

    @Override
    public void evalBatchDone(int batchIndex, int batches, int samples) {
        advance(samples, "");
    }

    private void advance(int samples, String extra) {
        done += samples;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (bar != null) {
            bar.stepTo(done);
            bar.setExtraMessage(extra);
            return;
        }
        int tenth = (int) (10 * done / Math.max(1, totalSamples));
        if (tenth != lastLoggedTenth) {
            lastLoggedTenth = tenth;
            LOG.info(String.format("%s %d/%d (%.0f%%) %.1f s %s", task, done, totalSamples,
                    100.0 * done / Math.max(1, totalSamples), seconds, extra).trim());
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
