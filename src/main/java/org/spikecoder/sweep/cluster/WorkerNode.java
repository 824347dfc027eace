package org.spikecoder.sweep.cluster;

import java.util.Map;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.io.RunLock;

import com.hazelcast.core.HazelcastInstance;

/**
 * A worker: a Hazelcast member that joins (or forms) the cluster and runs the points the sweep sends it, one per
 * slot, in its work folder, which it holds locked so that two workers on one machine never share it.
 */
public final class WorkerNode implements AutoCloseable {
    private static final Logger LOG = LogManager.getLogger(WorkerNode.class);

    private final RunLock lock;
    private final JobRunner jobs;
    private final HazelcastInstance hz;

    private WorkerNode(RunLock lock, JobRunner jobs, HazelcastInstance hz) {
        this.lock = lock;
        this.jobs = jobs;
        this.hz = hz;
    }

    /**
     * Joins the cluster and starts taking points.
     *
     * @throws org.spikecoder.SpikecoderException one line for a work folder in use, a port in use, a bad address
     */
    public static WorkerNode start(ClusterSettings cluster, WorkerSettings worker) {
        RunLock lock = RunLock.acquire(worker.workDir(), "--work");
        try {
            JobRunner jobs = new JobRunner(worker);
            HazelcastInstance hz = Members.start(ClusterConfigFactory.worker(cluster, worker.slots(),
                    Map.of(JobRunner.CONTEXT_KEY, jobs)), cluster, "--listen");
            LOG.info("worker {} in cluster {} ({} members): {} slot{}{}, work folder {}",
                    hz.getCluster().getLocalMember().getAddress(), cluster.name(), hz.getCluster().getMembers().size(),
                    worker.slots(), worker.slots() == 1 ? "" : "s",
                    worker.devices().isEmpty() ? "" : " (devices " + String.join(",", worker.devices()) + ")",
                    worker.workDir().toAbsolutePath().normalize());
            return new WorkerNode(lock, jobs, hz);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The member, for tests that watch the cluster. */
    public HazelcastInstance instance() {
        return hz;
    }

    /** Stops the running points (they save checkpoints), leaves the cluster, releases the work folder. */
    @Override
    public void close() {
        try {
            jobs.close();
            if (hz.getLifecycleService().isRunning()) {
                hz.shutdown();
            }
        } finally {
            lock.close();
        }
    }
}
