package org.spikecoder.cli;

import java.util.List;

import org.spikecoder.sweep.cluster.ClusterSettings;
import org.spikecoder.sweep.cluster.HostPort;

import picocli.CommandLine.Option;

/** Options that every member of a sweep cluster must agree on: the worker's and the sweep's. */
public final class ClusterOptions {
    @Option(names = "--cluster-name", defaultValue = ClusterSettings.DEFAULT_NAME, paramLabel = "NAME",
            description = "Name of the cluster; members with another name stay apart (several sweeps' clusters on"
                    + " one network). Default: ${DEFAULT-VALUE}.")
    String name;

    @Option(names = "--heartbeat-timeout", defaultValue = "" + ClusterSettings.DEFAULT_HEARTBEAT_TIMEOUT,
            paramLabel = "SECONDS",
            description = "A member silent this long is taken for dead, and its points run elsewhere; give every"
                    + " member the same value. Default: ${DEFAULT-VALUE}.")
    int heartbeatTimeout;

    ClusterSettings settings(HostPort listen, List<HostPort> members) {
        return new ClusterSettings(name, listen, members, heartbeatTimeout);
    }
}
