package org.spikecoder.sweep.cluster;

import java.util.List;

import org.spikecoder.SpikecoderException;

/**
 * How one member (a worker, or the sweep that hands out points) takes part in a cluster.
 *
 * @param name                    cluster name; members with another name never join (several clusters on one network)
 * @param listen                  this member's address and port, or null for the first free port from 5701 on the
 *                                address Hazelcast picks (the sweep's default: it only needs to be reachable)
 * @param members                 addresses to join; a member that reaches none of them forms a cluster of its own
 * @param heartbeatTimeoutSeconds how long a silent member stays in the cluster: a worker whose machine dies is
 *                                given up after this, and its point runs again elsewhere
 */
public record ClusterSettings(String name, HostPort listen, List<HostPort> members, int heartbeatTimeoutSeconds) {
    /** Default cluster name. */
    public static final String DEFAULT_NAME = "spikecoder";
    /** Default heartbeat timeout: long enough for a busy machine's pauses, short next to a training run. */
    public static final int DEFAULT_HEARTBEAT_TIMEOUT = 15;

    public ClusterSettings {
        members = List.copyOf(members);
        if (name == null || !name.matches("[A-Za-z0-9._-]+")) {
            throw new SpikecoderException("--cluster-name " + name + ": use letters, digits, '.', '_' or '-'");
        }
        if (heartbeatTimeoutSeconds < 2) {
            throw new SpikecoderException("--heartbeat-timeout must be at least 2 seconds, got "
                    + heartbeatTimeoutSeconds);
        }
    }
}
