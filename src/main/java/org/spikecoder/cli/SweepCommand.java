package org.spikecoder.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;
import org.spikecoder.io.AtomicFiles;
import org.spikecoder.io.Charts;
import org.spikecoder.io.RunLock;
import org.spikecoder.sweep.SweepGrid;
import org.spikecoder.sweep.SweepGrid.Run;
import org.spikecoder.sweep.PaperFigures;
import org.spikecoder.sweep.cluster.ClusterSweepRunner;
import org.spikecoder.sweep.cluster.HostPort;
import org.spikecoder.sweep.cluster.PointSpec;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sweep}: runs a training command over a grid of options, one folder per run, resumable. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Run a training command over a grid of option values and plot the results.",
                "",
                "Each run gets its own folder under --out; a run whose metrics.json exists is skipped, so an"
                        + " interrupted sweep continues where it stopped. Writes sweep.csv (one row per run) and one"
                        + " PNG per swept option (test MSE against its values).",
                "",
                "Examples:",
                "  sweep --grid leak=0,0.01,0.1,0.2 --out runs/sweep-leak -- --limit-train 10000",
                "  sweep --figure fig4-mask --out runs/fig4",
                "Values of on/off options are on or off: --grid mask=on,off.",
                "With --cluster the points run on `spikecoder worker` machines instead of here, as many at once as"
                        + " the workers have slots; results come back into --out (docs/CLUSTER.md):",
                "  sweep --grid leak=0,0.1 --cluster 10.0.0.5:5701,10.0.0.6:5701 --out runs/sweep-leak",
                ""})
final class SweepCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(SweepCommand.class);
    /** Runs of one point on workers that left (or could not start it) before the point counts as failed. */
    private static final int CLUSTER_ATTEMPTS = 3;

    @Option(names = "--command", defaultValue = "train-ae", paramLabel = "CMD",
            description = "Training command each run calls (train-ae, train-ann, ...). Default: ${DEFAULT-VALUE}.")
    String command;

    @Option(names = "--grid", paramLabel = "OPTION=V1,V2,...",
            description = "An option of the command and its values; repeat for a grid (the cartesian product).")
    List<String> grid = new ArrayList<>();

    @Option(names = "--figure", paramLabel = "NAME",
            description = "A preset grid for one of the paper's figures: ${COMPLETION-CANDIDATES}.",
            completionCandidates = PaperFigures.Names.class)
    String figure;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder of the sweep.")
    Path out;

    @Option(names = "--cluster", paramLabel = "H1:P1,H2:P2,...",
            description = "Run the points on the workers of this cluster (any reachable members suffice) instead of"
                    + " one after another here.")
    String cluster;

    @Option(names = "--cluster-listen", paramLabel = "HOST:PORT",
            description = "With --cluster: this machine's address and port in the cluster, as the workers reach it;"
                    + " default: the first free port from 5701 on the address that reaches --cluster.")
    String clusterListen;

    @Option(names = "--cluster-timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "With --cluster: how long to wait while no worker can take a point before failing."
                    + " Default: ${DEFAULT-VALUE}.")
    int clusterTimeout;

    @Mixin
    ClusterOptions clusterOptions;

    @Parameters(paramLabel = "ARGS", description = "Options passed to every run (after --).")
    List<String> base = new ArrayList<>();

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        common.applyLogging();
        SweepGrid sweep = figure != null ? PaperFigures.grid(figure, command, base) : SweepGrid.parse(command, grid, base);
        if (sweep.axes().isEmpty()) {
            throw new SpikecoderException("--grid or --figure is needed: nothing to sweep");
        }
        ClusterSweepRunner.Options onCluster = null;
        if (cluster == null && clusterListen != null) {
            throw new SpikecoderException("--cluster-listen is for a sweep on a cluster: give --cluster too");
        }
        if (cluster != null) {
            onCluster = new ClusterSweepRunner.Options(clusterOptions.settings(clusterListen == null ? null
                    : HostPort.parse(clusterListen, "--cluster-listen"), HostPort.parseList(cluster, "--cluster")),
                    clusterTimeout, CLUSTER_ATTEMPTS);
        }
        try (RunLock lock = RunLock.acquire(out, "--out")) {
            Set<String> ranOnCluster = onCluster == null ? Set.of() : runOnCluster(onCluster, sweep.runs());
            return runAll(sweep, ranOnCluster);
        }
    }

    /** Runs the points that have no metrics.json yet on the cluster; returns their folder names. */
    private Set<String> runOnCluster(ClusterSweepRunner.Options options, List<Run> runs) throws InterruptedException {
        List<ClusterSweepRunner.Point> todo = new ArrayList<>();
        for (Run run : runs) {
            Path dir = out.resolve(run.folderName());
            if (!Files.exists(dir.resolve("metrics.json"))) {
                todo.add(new ClusterSweepRunner.Point(PointSpec.of(run.folderName(), run.options(),
                        VersionProvider.version()), dir));
            }
        }
        LOG.info("{} of {} points to run on cluster {}", todo.size(), runs.size(), options.cluster().name());
        ClusterSweepRunner.run(options, todo);
        Set<String> names = new HashSet<>();
        todo.forEach(p -> names.add(p.spec().name()));
        return names;
    }

    private Integer runAll(SweepGrid sweep, Set<String> ranOnCluster) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        List<Run> runs = sweep.runs();
        int i = 0;
        for (Run run : runs) {
            i++;
            Path dir = out.resolve(run.folderName());
            Path metrics = dir.resolve("metrics.json");
            if (Files.exists(metrics)) {
                if (!ranOnCluster.contains(run.folderName())) {
                    LOG.info("[{}/{}] {}: done before, skipped", i, runs.size(), run.folderName());
                }
            } else {
                LOG.info("[{}/{}] {}", i, runs.size(), run.folderName());
                List<String> args = run.arguments(dir, common.interactive());
                int code = Main.run(spec.commandLine().getOut(), spec.commandLine().getErr(),
                        args.toArray(String[]::new));
                if (code != 0) {
                    throw new SpikecoderException("sweep run " + run.folderName() + " failed (exit " + code
                            + "): rerun it alone with: spikecoder " + String.join(" ", args));
                }
            }
            JsonObject m = JsonParser.parseString(Files.readString(metrics)).getAsJsonObject();
            Map<String, Object> row = new LinkedHashMap<>(run.values());
            for (String key : new String[] {"test_mse", "test_spike_mse", "test_pixel_mse", "train_mse",
                    "train_seconds"}) {
                if (m.has(key) && !m.get(key).isJsonNull()) {
                    row.put(key, m.get(key).getAsDouble());
                }
            }
            if (!row.containsKey("test_mse")) {
                throw new SpikecoderException(metrics + ": has no test_mse; is it a training command's metrics.json?");
            }
            rows.add(row);
        }
        writeCsv(rows);
        writePlots(sweep, rows);
        spec.commandLine().getOut().println("sweep of " + runs.size() + " runs in " + out.toAbsolutePath()
                + " (sweep.csv, plots)");
        return 0;
    }

    private void writeCsv(List<Map<String, Object>> rows) {
        StringBuilder sb = new StringBuilder(String.join(",", rows.get(0).keySet())).append('\n');
        for (Map<String, Object> row : rows) {
            List<String> cells = new ArrayList<>();
            row.values().forEach(v -> cells.add(String.valueOf(v)));
            sb.append(String.join(",", cells)).append('\n');
        }
        AtomicFiles.writeString(out.resolve("sweep.csv"), sb.toString());
    }

    /** One plot per swept option: test MSE against its values, one line per combination of the other options. */
    private void writePlots(SweepGrid sweep, List<Map<String, Object>> rows) {
        for (SweepGrid.Axis axis : sweep.axes()) {
            Map<String, List<double[]>> series = new LinkedHashMap<>();
            for (Map<String, Object> row : rows) {
                StringBuilder label = new StringBuilder();
                for (SweepGrid.Axis other : sweep.axes()) {
                    if (other != axis) {
                        label.append(label.length() == 0 ? "" : ", ").append(other.name()).append('=')
                                .append(row.get(other.name()));
                    }
                }
                String key = label.length() == 0 ? "test MSE" : label.toString();
                double x = axis.numericValue((String) row.get(axis.name()));
                series.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {x, (double) row.get("test_mse")});
            }
            Map<String, double[][]> xy = new LinkedHashMap<>();
            series.forEach((k, points) -> {
                double[][] s = new double[2][points.size()];
                for (int p = 0; p < points.size(); p++) {
                    s[0][p] = points.get(p)[0];
                    s[1][p] = points.get(p)[1];
                }
                xy.put(k, s);
            });
            Charts.lines(out.resolve("mse-vs-" + axis.name() + ".png"), "Test MSE vs " + axis.name(),
                    axis.name() + (axis.isSwitch() ? " (1 = on, 0 = off)" : ""), "test MSE", xy);
        }
    }
}
