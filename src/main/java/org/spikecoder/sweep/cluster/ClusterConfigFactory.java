package org.spikecoder.sweep.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.hazelcast.config.Config;
import com.hazelcast.config.ExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

/**
 * Builds the Hazelcast configuration of a spikecoder member in code, so nothing depends on a hazelcast.xml or on
 * system properties: TCP-IP join with the given member list (multicast and cloud auto-detection off, since a sweep
 * must reach exactly the machines named), Log4j 2 for logging, no phone-home, and no Hazelcast shutdown hook (the
 * worker stops its jobs first, then leaves).
 */
public final class ClusterConfigFactory {
    /** The distributed executor that runs grid points. */
    public static final String EXECUTOR = "spikecoder-points";
    /** Member attribute: how many points a worker runs at once (one per device it offers). */
    public static final String SLOTS_ATTRIBUTE = "spikecoder.slots";
    /** Port a member without --listen starts looking from, as Hazelcast does. */
    static final int DEFAULT_PORT = 5701;

    private ClusterConfigFactory() {
    }

    /** A worker: a full member with {@code slots} executor threads, offering them as a member attribute. */
    public static Config worker(ClusterSettings settings, int slots, Map<String, Object> userContext) {
        Config config = common(settings);
        config.addExecutorConfig(new ExecutorConfig(EXECUTOR).setPoolSize(slots).setQueueCapacity(0));
        config.getMemberAttributeConfig().setAttribute(SLOTS_ATTRIBUTE, Integer.toString(slots));
        config.setUserContext(new ConcurrentHashMap<>(userContext));
        return config;
    }

    /** The sweep: a lite member, which holds no data and runs no points, only hands them out. */
    public static Config sweep(ClusterSettings settings) {
        return common(settings).setLiteMember(true);
    }

    private static Config common(ClusterSettings settings) {
        Config config = new Config();
        config.setClusterName(settings.name());
        config.setInstanceName(settings.name() + "-" + java.util.UUID.randomUUID());
        config.setProperty("hazelcast.logging.type", "log4j2");
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Failure detection: a heartbeat every fifth of the timeout, so a dead worker's points are run again soon.
        int timeout = settings.heartbeatTimeoutSeconds();
        config.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(timeout));
        config.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(Math.max(1, timeout / 5)));
        config.setProperty("hazelcast.wait.seconds.before.join", "1");
        config.setProperty("hazelcast.jmx", "false");

        NetworkConfig network = config.getNetworkConfig();
        if (settings.listen() != null) {
            String ip = settings.listen().resolvedIp("--listen");
            network.setPort(settings.listen().port()).setPortAutoIncrement(false);
            network.getInterfaces().setEnabled(true).addInterface(ip);
            // listen only where asked: a worker on 127.0.0.1 is not reachable from the network
            config.setProperty("hazelcast.socket.bind.any", "false");
        } else {
            network.setPort(DEFAULT_PORT).setPortAutoIncrement(true).setPortCount(100);
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true);
        for (HostPort member : settings.members()) {
            join.getTcpIpConfig().addMember(member.toString());
        }
        return config;
    }
}
