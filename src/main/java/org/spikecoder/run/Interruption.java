package org.spikecoder.run;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C and SIGTERM during training into "finish the batch, save, say where": a JVM shutdown hook sets a flag
 * that the training loop polls after every batch, then holds the JVM open until the loop has saved and reported (or
 * {@link #WAIT_SECONDS} have passed). The exit status stays the signal's (130 or 143).
 *
 * <p>The training session says what happened ({@link TrainingSession.Listener#stoppedBySignal}) before it closes this.
 */
final class Interruption implements AutoCloseable {
    /** How long a signal waits for the batch in flight; a batch of the paper's audiocoder can take a minute. */
    static final long WAIT_SECONDS = 120;

    /** Null for {@link #none()}. */
    private final Thread hook;
    private final CountDownLatch reported = new CountDownLatch(1);
    private volatile boolean requested;

    private Interruption(boolean listen) {
        hook = listen ? new Thread(this::onSignal, "spikecoder-interrupt") : null;
    }

    /** Starts listening; {@link #close()} stops. */
    static Interruption install() {
        Interruption i = new Interruption(true);
        Runtime.getRuntime().addShutdownHook(i.hook);
        return i;
    }

    /** Never requests a stop: the JVM's signals are not the run's (a library caller's choice). */
    static Interruption none() {
        return new Interruption(false);
    }

    /** Whether a signal asked training to stop. */
    boolean requested() {
        return requested;
    }

    private void onSignal() {
        requested = true;
        try {
            if (!reported.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
                System.err.println("interrupted: the batch in progress did not finish within " + WAIT_SECONDS
                        + " s; the last saved checkpoint is kept");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops listening, and lets a signal that is waiting end the JVM. */
    @Override
    public void close() {
        reported.countDown();
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it returns now that the latch is open
        }
    }
}
