package org.spikecoder.sweep.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;
import org.spikecoder.io.AtomicFiles;
import org.spikecoder.io.RunLock;

/**
 * Runs points on a worker, one per slot, each as a child process of the worker.
 *
 * <p>A child process rather than the command in the worker's JVM: each device gets a process of its own (an OpenCL
 * driver that crashes or leaks takes one point down, not the worker), a point can be stopped by stopping its
 * process, and what the training commands hold per process (the Ctrl-C hook, log levels, the heap) stays per point.
 * A JVM start costs about a second, nothing next to a training run. The child's stdin is a pipe from the worker
 * that is never written: when the worker dies, even by SIGKILL, the child reads end-of-file and stops as after
 * SIGTERM (cli/PointChild), so no orphan keeps a device busy.
 */
public final class JobRunner implements AutoCloseable {
    /** Key of the runner in the worker's Hazelcast user context, where {@link PointJob} finds it. */
    public static final String CONTEXT_KEY = "spikecoder.jobs";
    private static final Logger LOG = LogManager.getLogger(JobRunner.class);
    /** How long a stopped point may take to save its checkpoint (run/Interruption waits 120 s for a batch). */
    private static final long STOP_SECONDS = 130;

    private final WorkerSettings settings;
    private final BlockingQueue<String> freeDevices = new LinkedBlockingQueue<>();
    private final Set<Process> running = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public JobRunner(WorkerSettings settings) {
        this.settings = settings;
        if (settings.devices().isEmpty()) {
            freeDevices.add("");
        } else {
            freeDevices.addAll(settings.devices());
        }
    }

    /**
     * Runs one point in its folder under the work folder and returns its small files, or its exit status and the
     * line saying why it failed. A point this worker finished before is not run again.
     *
     * @throws SpikecoderException when the point comes from another spikecoder version or the worker is stopping
     * @throws InterruptedException when the sweep cancels the point; the child is stopped first
     */
    public PointResult run(PointSpec point) throws IOException, InterruptedException {
        if (!point.version().equals(settings.version())) {
            throw new SpikecoderException("the worker runs spikecoder " + settings.version() + ", the sweep "
                    + point.version() + ": use the same version on every machine");
        }
        if (!point.id().matches("[A-Za-z0-9._=-]+")) {
            throw new SpikecoderException("point id '" + point.id() + "' is not a plain folder name");
        }
        String device = freeDevices.take();
        try {
            return runOn(point, device);
        } finally {
            freeDevices.add(device);
        }
    }

    private PointResult runOn(PointSpec point, String device) throws IOException, InterruptedException {
        Path dir = settings.workDir().resolve(point.id());
        Path log = settings.workDir().resolve(point.id() + ".log");
        Path done = settings.workDir().resolve(point.id() + ".done");
        if (Files.exists(done) && Files.exists(dir.resolve("metrics.json"))) {
            LOG.info("{}: finished here before ({}); sending its results", point.name(), dir);
            return collect(dir, log, 0);
        }
        Files.deleteIfExists(done);
        clear(dir);
        List<String> cmd = new ArrayList<>(settings.launcher());
        cmd.addAll(point.options());
        cmd.addAll(List.of("--out", dir.toString(), "--no-progress"));
        if (!device.isEmpty() && !point.options().contains("--device")) {
            cmd.addAll(List.of("--device", device));
        }
        if (closed) {
            throw new SpikecoderException("the worker is stopping");
        }
        LOG.info("took {}{}: {}", point.name(), device.isEmpty() ? "" : " (device " + device + ")",
                String.join(" ", point.options()));
        long start = System.nanoTime();
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        running.add(child);
        int code;
        try {
            code = child.waitFor();
        } catch (InterruptedException e) {
            LOG.info("{}: cancelled; stopping its process {}", point.name(), child.pid());
            stop(child);
            throw e;
        } finally {
            running.remove(child);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (closed) {
            // stopped with the worker, not failed: the sweep sends the point to another worker
            throw new SpikecoderException("the worker was stopped while running it");
        }
        if (code != 0) {
            String reason = reason(log);
            LOG.info("finished {} in {} s: failed (exit {}): {}", point.name(), String.format("%.1f", seconds), code,
                    reason);
            return new PointResult(code, reason, List.of(), List.of(), dir.toString(), seconds);
        }
        AtomicFiles.writeString(done, "exit 0 after " + String.format("%.1f", seconds) + " s\n");
        LOG.info("finished {} in {} s", point.name(), String.format("%.1f", seconds));
        return collect(dir, log, seconds);
    }

    /* An earlier attempt's files would make the command refuse to start (a checkpoint without --resume). */
    private static void clear(Path dir) throws IOException {
        try (RunLock lock = RunLock.acquire(dir, "worker folder");
             Stream<Path> walk = Files.walk(dir)) {
            List<Path> old = walk.filter(p -> !p.equals(dir) && !p.getFileName().toString().equals(RunLock.FILE_NAME))
                    .sorted(Comparator.reverseOrder()).toList();
            for (Path p : old) {
                Files.delete(p);
            }
        }
    }

    /** The command's own "error: ..." line, else its last line. */
    static String reason(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
        String last = "";
        for (String line : lines) {
            if (line.startsWith("error: ")) {
                return line.substring("error: ".length());
            }
            if (!line.isBlank()) {
                last = line.strip();
            }
        }
        return last.isEmpty() ? "(it printed nothing)" : last;
    }

    private PointResult collect(Path dir, Path log, double seconds) throws IOException {
        List<PointResult.ResultFile> files = new ArrayList<>();
        List<String> left = new ArrayList<>();
        List<Path> found;
        try (Stream<Path> s = Files.list(dir)) {
            found = s.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : found) {
            String name = f.getFileName().toString();
            if (name.startsWith(".") || name.endsWith(".prev.spk")) {
                continue; // the lock, temp files, and the checkpoint's previous generation stay here
            }
            if (Files.size(f) > settings.maxFileBytes()) {
                left.add(name);
            } else {
                files.add(new PointResult.ResultFile(name, Files.readAllBytes(f)));
            }
        }
        if (Files.isRegularFile(log) && Files.size(log) <= settings.maxFileBytes()) {
            files.add(new PointResult.ResultFile("job.log", Files.readAllBytes(log)));
        }
        return new PointResult(0, "", files, left, dir.toString(), seconds);
    }

    /* SIGTERM first: the training command saves a checkpoint after the batch in flight. */
    private static void stop(Process child) {
        child.destroy();
        try {
            if (!child.waitFor(STOP_SECONDS, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every running point (each saves a checkpoint as after SIGTERM) and takes no new ones. */
    @Override
    public void close() {
        closed = true;
        List<Process> now = List.copyOf(running);
        now.forEach(Process::destroy);
        for (Process p : now) {
            stop(p);
        }
    }
}
