package org.spikecoder.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;

import org.spikecoder.sweep.cluster.ClusterSettings;
import org.spikecoder.sweep.cluster.HostPort;
import org.spikecoder.sweep.cluster.WorkerNode;
import org.spikecoder.sweep.cluster.WorkerSettings;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker}: a cluster member that runs the grid points `sweep --cluster` sends it. */
@Command(name = "worker", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Join (or form) a sweep cluster and run the grid points that `sweep --cluster` sends, one at a time"
                        + " per device offered, until stopped (Ctrl-C stops the running points after their batch;"
                        + " they run again elsewhere).",
                "",
                "Each point runs as its own process in a folder of --work named by its options; its small files"
                        + " (metrics, curves, pictures, checkpoints up to 16 MiB) go back to the sweep, so no shared"
                        + " storage is needed, but the data folder must exist here. docs/CLUSTER.md has the details.",
                "",
                "Examples:",
                "  worker --listen 10.0.0.5:5701 --members 10.0.0.6:5701 --devices 0,1",
                "  worker --listen 127.0.0.1:5701",
                ""})
final class WorkerCommand implements Callable<Integer> {
    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
            description = "This worker's address as the other machines reach it, and its port (e.g. 5701).")
    String listen;

    @Option(names = "--members", paramLabel = "H1:P1,H2:P2,...",
            description = "Other members to join (any that are up suffice); without it the worker forms a cluster"
                    + " that the others join.")
    String members;

    @Option(names = "--devices", split = ",", paramLabel = "DEV",
            description = "OpenCL devices (indices or names, see `spikecoder devices`) to run points on, one point"
                    + " each at a time, given to the point as --device; default: one point at a time, no --device.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--work", defaultValue = "runs/worker", paramLabel = "DIR",
            description = "Folder for the points this worker runs. Default: ${DEFAULT-VALUE}.")
    Path work;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws InterruptedException {
        common.applyLogging();
        ClusterSettings settings = cluster.settings(HostPort.parse(listen, "--listen"),
                members == null ? List.of() : HostPort.parseList(members, "--members"));
        WorkerSettings worker = new WorkerSettings(work, devices, launcher(), VersionProvider.version(),
                WorkerSettings.DEFAULT_MAX_FILE_BYTES);
        WorkerNode node = WorkerNode.start(settings, worker);
        AtomicBoolean stopping = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            node.close();
        }, "spikecoder-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        // after Ctrl-C or SIGTERM the hook stops the points and leaves the cluster, then the JVM ends
        while (stopping.get() || node.instance().getLifecycleService().isRunning()) {
            Thread.sleep(1000);
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        node.close();
        throw new org.spikecoder.SpikecoderException("the worker's cluster member stopped; start the worker again");
    }

    /*
     * A point runs in a JVM like this one: the same Java, class path (the jar) and heap limit, so
     * SPIKECODER_JAVA_OPTS sets both the worker's heap and each point's.
     */
    static List<String> launcher() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m", "-cp", System.getProperty("java.class.path"),
                PointChild.class.getName());
    }
}
