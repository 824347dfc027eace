package org.spikecoder.sweep.cluster;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;
import org.spikecoder.io.AtomicFiles;
import org.spikecoder.io.Json;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;

/**
 * Runs a sweep's points on the cluster's workers: joins as a lite member (it holds no data and runs nothing),
 * gives each worker as many points as it has slots, writes each finished point's files into the sweep's folder for
 * it (metrics.json last, so a point counts as done only once all its files are there), and sends a point whose
 * worker left, or failed to start it, to another worker, up to {@code maxAttempts} times. A point whose command
 * fails is not run again: its reason goes into the error that ends the sweep once every other point is done.
 */
public final class ClusterSweepRunner {
    private static final Logger LOG = LogManager.getLogger(ClusterSweepRunner.class);

    /**
     * One point to run.
     *
     * @param spec what the worker runs
     * @param dir  the sweep's folder for it, which receives its files
     */
    public record Point(PointSpec spec, Path dir) {
    }

    /**
     * How the sweep uses the cluster.
     *
     * @param cluster        how to join
     * @param timeoutSeconds how long to wait while no worker can take a point before giving up
     * @param maxAttempts    runs of one point on workers that left or could not start it, before it fails
     */
    public record Options(ClusterSettings cluster, int timeoutSeconds, int maxAttempts) {
        public Options {
            if (timeoutSeconds < 1) {
                throw new SpikecoderException("--cluster-timeout must be at least 1 second, got " + timeoutSeconds);
            }
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be positive");
            }
        }
    }

    private static final class Task {
        final Point point;
        final Set<UUID> triedOn = new HashSet<>();
        int attempts;
        String lastFailure;

        Task(Point point) {
            this.point = point;
        }
    }

    private record Completion(Task task, Member member, PointResult result, Throwable failure) {
    }

    private final Options options;
    private final BlockingQueue<Completion> completions = new LinkedBlockingQueue<>();
    private final Map<UUID, Integer> busy = new HashMap<>();
    private final Map<String, String> failed = new LinkedHashMap<>();
    private int running;
    private int finished;

    private ClusterSweepRunner(Options options) {
        this.options = options;
    }

    /**
     * Runs every point on the cluster; returns when all are done.
     *
     * @throws SpikecoderException one line naming each point that failed and why, or the points no worker took
     *                             within the timeout
     */
    public static void run(Options options, List<Point> points) throws InterruptedException {
        if (points.isEmpty()) {
            return;
        }
        HazelcastInstance hz = Members.start(ClusterConfigFactory.sweep(options.cluster()), options.cluster(),
                "--cluster-listen");
        try {
            new ClusterSweepRunner(options).runAll(hz, points);
        } finally {
            hz.shutdown();
        }
    }

    private void runAll(HazelcastInstance hz, List<Point> points) throws InterruptedException {
        IExecutorService executor = hz.getExecutorService(ClusterConfigFactory.EXECUTOR);
        Deque<Task> pending = new ArrayDeque<>();
        points.forEach(p -> pending.add(new Task(p)));
        int total = points.size();
        long waitingSince = -1;
        while (!pending.isEmpty() || running > 0) {
            schedule(hz, executor, pending);
            if (running == 0 && !pending.isEmpty()) {
                long now = System.nanoTime();
                if (waitingSince < 0) {
                    waitingSince = now;
                    LOG.warn("waiting for a worker to take {} point{} (cluster {} at {}); giving up after {} s",
                            pending.size(), pending.size() == 1 ? "" : "s", options.cluster().name(),
                            members(), options.timeoutSeconds());
                } else if (now - waitingSince > TimeUnit.SECONDS.toNanos(options.timeoutSeconds())) {
                    pending.forEach(t -> failed.put(t.point.spec().name(), t.attempts == 0 ? "no worker took it"
                            : t.lastFailure + ", and no other worker took it"));
                    pending.clear();
                    break;
                }
            } else {
                waitingSince = -1;
            }
            Completion c = completions.poll(500, TimeUnit.MILLISECONDS);
            while (c != null) {
                handle(c, pending, total);
                c = completions.poll();
            }
        }
        if (!failed.isEmpty()) {
            String each = failed.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("; "));
            throw new SpikecoderException(failed.size() + " of " + total + " sweep points failed (the others are"
                    + " done; rerun the sweep to retry these): " + each
                    + (each.contains("worker took it") ? " (within --cluster-timeout " + options.timeoutSeconds()
                    + " s; start workers with `spikecoder worker --members " + members() + "`)" : ""));
        }
    }

    private String members() {
        return options.cluster().members().stream().map(HostPort::toString).collect(Collectors.joining(","));
    }

    /* Gives each worker's free slots to points not yet tried there. */
    private void schedule(HazelcastInstance hz, IExecutorService executor, Deque<Task> pending) {
        for (Member m : hz.getCluster().getMembers()) {
            int slots = slots(m);
            while (slots - busy.getOrDefault(m.getUuid(), 0) > 0) {
                Task t = pending.stream().filter(x -> !x.triedOn.contains(m.getUuid())).findFirst().orElse(null);
                if (t == null) {
                    break;
                }
                pending.remove(t);
                t.attempts++;
                t.triedOn.add(m.getUuid());
                busy.merge(m.getUuid(), 1, Integer::sum);
                running++;
                LOG.info("{} -> worker {}{}", t.point.spec().name(), m.getAddress(),
                        t.attempts == 1 ? "" : " (attempt " + t.attempts + " of " + options.maxAttempts() + ")");
                executor.submitToMember(new PointJob(t.point.spec()), m, new ExecutionCallback<PointResult>() {
                    @Override
                    public void onResponse(PointResult r) {
                        completions.add(new Completion(t, m, r, null));
                    }

                    @Override
                    public void onFailure(Throwable e) {
                        completions.add(new Completion(t, m, null, e));
                    }
                });
            }
        }
    }

    private static int slots(Member m) {
        if (m.isLiteMember()) {
            return 0;
        }
        try {
            return Integer.parseInt(String.valueOf(m.getAttribute(ClusterConfigFactory.SLOTS_ATTRIBUTE)));
        } catch (NumberFormatException e) {
            return 0; // a member that is not a spikecoder worker
        }
    }

    private void handle(Completion c, Deque<Task> pending, int total) {
        busy.merge(c.member.getUuid(), -1, Integer::sum);
        running--;
        String name = c.task.point.spec().name();
        if (c.result != null && c.result.exitCode() == 0) {
            String missing = save(c.task.point, c.member, c.result);
            if (missing != null) {
                failed.put(name, missing);
                return;
            }
            finished++;
            LOG.info("[{}/{}] {} done on worker {}{}", finished, total, name, c.member.getAddress(),
                    c.result.seconds() > 0 ? String.format(" in %.1f s", c.result.seconds()) : " (finished before)");
        } else if (c.result != null) {
            failed.put(name, c.result.reason() + " (exit " + c.result.exitCode() + " on worker "
                    + c.member.getAddress() + "; its log is " + c.result.workerFolder() + ".log)");
            LOG.warn("{} failed on worker {}: {}", name, c.member.getAddress(), c.result.reason());
        } else {
            String why = describe(c.failure, c.member);
            c.task.lastFailure = why;
            if (c.task.attempts < options.maxAttempts()) {
                LOG.warn("{}: {}; running it again elsewhere", name, why);
                pending.addFirst(c.task);
            } else {
                failed.put(name, why + " (" + c.task.attempts + " attempts)");
                LOG.warn("{}: {}; giving up after {} attempts", name, why, c.task.attempts);
            }
        }
    }

    static String describe(Throwable failure, Member member) {
        Throwable e = failure;
        while ((e instanceof java.util.concurrent.ExecutionException
                || e instanceof java.util.concurrent.CompletionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof MemberLeftException || e instanceof TargetNotMemberException
                || e instanceof TargetDisconnectedException || e instanceof HazelcastInstanceNotActiveException) {
            return "worker " + member.getAddress() + " left while running it";
        }
        String m = e.getMessage();
        return "worker " + member.getAddress() + " could not run it: " + (e instanceof SpikecoderException ? m
                : e.getClass().getSimpleName() + (m == null ? "" : ": " + m));
    }

    /* Returns null when saved, else why the result is unusable. */
    private static String save(Point point, Member member, PointResult r) {
        PointResult.ResultFile metrics = null;
        for (PointResult.ResultFile f : r.files()) {
            if (!f.name().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                return "worker " + member.getAddress() + " sent a file named '" + f.name() + "'";
            }
            if (f.name().equals("metrics.json")) {
                metrics = f;
            }
        }
        if (metrics == null) {
            return "the command wrote no metrics.json (worker " + member.getAddress() + ", " + r.workerFolder() + ")";
        }
        for (PointResult.ResultFile f : r.files()) {
            if (f != metrics) {
                AtomicFiles.writeBytes(point.dir().resolve(f.name()), f.bytes());
            }
        }
        Map<String, Object> where = new LinkedHashMap<>();
        where.put("worker", member.getAddress().toString());
        where.put("worker_folder", r.workerFolder());
        where.put("left_on_worker", r.leftOnWorker());
        where.put("seconds", r.seconds());
        AtomicFiles.writeString(point.dir().resolve("worker.json"), Json.GSON.toJson(where) + "\n");
        if (!r.leftOnWorker().isEmpty()) {
            LOG.info("{}: {} stay{} on worker {} in {} (too big to send)", point.spec().name(),
                    String.join(", ", r.leftOnWorker()), r.leftOnWorker().size() == 1 ? "s" : "",
                    member.getAddress(), r.workerFolder());
        }
        AtomicFiles.writeBytes(point.dir().resolve("metrics.json"), metrics.bytes());
        return null;
    }
}
