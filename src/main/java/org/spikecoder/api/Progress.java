package org.spikecoder.api;

import java.nio.file.Path;

import org.spikecoder.engine.TrainListener;
import org.spikecoder.run.TrainingSession;

/** A {@link RunListener} as the training session and the evaluations below the API report to it. */
final class Progress {
    private final RunListener listener;

    Progress(RunListener listener) {
        this.listener = listener;
    }

    /** For {@link TrainingSession#train}: the {@link RunListener.Phase#TRAIN} phase and its checkpoints. */
    TrainingSession.Listener training() {
        return new TrainingSession.Listener() {
            @Override
            public void trainingStarted(long total, long done) {
                listener.started(RunListener.Phase.TRAIN, total, done);
            }

            @Override
            public void batchDone(int epoch, int batchIndex, int batches, int samples, double loss) {
                listener.trainBatchDone(epoch, batchIndex, batches, samples, loss);
            }

            @Override
            public void checkpointSaved(Path file, String position) {
                listener.checkpointSaved(file, position);
            }

            @Override
            public void trainingEnded() {
                listener.ended(RunListener.Phase.TRAIN);
            }

            @Override
            public void stoppedBySignal(Path checkpoint, String position) {
                listener.stoppedBySignal(checkpoint, position);
            }
        };
    }

    /** Starts {@code phase} over {@code samples}; close the returned listener when the evaluation ends. */
    Eval evaluation(RunListener.Phase phase, int samples) {
        listener.started(phase, samples, 0);
        return new Eval(phase);
    }

    /** One evaluation phase's batches. */
    final class Eval implements TrainListener, AutoCloseable {
        private final RunListener.Phase phase;

        private Eval(RunListener.Phase phase) {
            this.phase = phase;
        }

        @Override
        public void evalBatchDone(int batchIndex, int batches, int samples) {
            listener.evalBatchDone(phase, batchIndex, batches, samples);
        }

        @Override
        public void close() {
            listener.ended(phase);
        }
    }
}
