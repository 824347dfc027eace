package org.spikecoder.sweep.cluster;

import java.io.Serializable;
import java.util.concurrent.Callable;

import org.spikecoder.SpikecoderException;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

/**
 * The task the sweep submits to a worker's executor: it carries only the point, and on the worker hands it to the
 * {@link JobRunner} that the worker put in its Hazelcast user context.
 */
public final class PointJob implements Callable<PointResult>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;

    private final PointSpec point;
    private transient HazelcastInstance instance;

    public PointJob(PointSpec point) {
        this.point = point;
    }

    public PointSpec point() {
        return point;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance instance) {
        this.instance = instance;
    }

    @Override
    public PointResult call() throws Exception {
        Object runner = instance == null ? null : instance.getUserContext().get(JobRunner.CONTEXT_KEY);
        if (!(runner instanceof JobRunner jobs)) {
            throw new SpikecoderException("member " + (instance == null ? "?" : instance.getCluster().getLocalMember()
                    .getAddress()) + " is not a spikecoder worker");
        }
        return jobs.run(point);
    }
}
