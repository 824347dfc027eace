package org.spikecoder.cli;

import java.io.IOException;
import java.io.InputStream;

/**
 * Main class of the process in which a worker runs one grid point: the command line as usual, plus a watch on
 * stdin, a pipe from the worker that is never written. End-of-file there means the worker is gone (even after
 * SIGKILL, when it could not stop its children), and the point stops as after SIGTERM: the batch in flight
 * finishes, the checkpoint is saved, the process exits with 143. Without it the point would keep a device busy for
 * a result nobody collects.
 */
public final class PointChild {
    /** Exit status after the worker went away: the one SIGTERM gives. */
    static final int ORPHANED = 143;

    private PointChild() {
    }

    public static void main(String[] args) {
        Thread watch = new Thread(() -> watch(System.in), "spikecoder-worker-watch");
        watch.setDaemon(true);
        watch.start();
        Main.main(args);
    }

    private static void watch(InputStream in) {
        byte[] sink = new byte[256];
        try {
            while (in.read(sink) >= 0) {
                // the worker writes nothing; anything read is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the same as end-of-file
        }
        // also reached when the worker stops this point itself (Process.destroy closes the pipe after SIGTERM)
        System.err.println("the worker that started this point stopped or is gone: stopping");
        System.exit(ORPHANED);
    }
}
