package org.spikecoder.sweep.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;

/** Starting a Hazelcast member with errors a user can act on, and logging who joins and leaves. */
final class Members {
    private static final Logger LOG = LogManager.getLogger(Members.class);

    private Members() {
    }

    /**
     * Starts a member; {@code option} names the option that gave its address, for errors.
     *
     * @throws SpikecoderException one line when the port is taken or the address is not this machine's
     */
    static HazelcastInstance start(Config config, ClusterSettings settings, String option) {
        if (settings.listen() != null) {
            checkFree(settings.listen(), option);
        }
        HazelcastInstance hz;
        try {
            hz = Hazelcast.newHazelcastInstance(config);
        } catch (HazelcastException | IllegalStateException e) {
            throw new SpikecoderException("cannot start the cluster member"
                    + (settings.listen() == null ? "" : " on " + option + " " + settings.listen()) + ": "
                    + e.getMessage(), e);
        }
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                LOG.info("cluster {}: {} joined ({} members)", settings.name(), describe(e), e.getMembers().size());
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                LOG.info("cluster {}: {} left ({} members)", settings.name(), describe(e), e.getMembers().size());
            }
        });
        return hz;
    }

    private static String describe(MembershipEvent e) {
        return (e.getMember().isLiteMember() ? "sweep " : "worker ") + e.getMember().getAddress();
    }

    /* Hazelcast's own message for a taken port is a trace of retries; one bind says it in a line. */
    private static void checkFree(HostPort listen, String option) {
        String ip = listen.resolvedIp(option);
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(ip, listen.port()));
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            String why = m.contains("in use") ? "port " + listen.port() + " is in use; choose another port"
                    : m.contains("assign") ? ip + " is not an address of this machine" : m;
            throw new SpikecoderException(option + " " + listen + ": " + why);
        }
    }
}
