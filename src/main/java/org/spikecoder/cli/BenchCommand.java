package org.spikecoder.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import org.spikecoder.engine.Backend;
import org.spikecoder.run.BackendFactory;
import org.spikecoder.engine.BatchInput;
import org.spikecoder.engine.Trainer;
import org.spikecoder.engine.WeightInit;
import org.spikecoder.engine.KernelProfile;
import org.spikecoder.io.AtomicFiles;
import org.spikecoder.io.Json;
import org.spikecoder.io.RunLock;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.opencl.DeviceTuning;
import org.spikecoder.rng.Philox;


import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spikecoder bench}: times training and inference batches per backend on synthetic MNIST-like rates and
 * writes bench.json. Times are wall-clock over whole batches (upload, T steps, one read-back that waits for the
 * device), after warm-up batches that absorb kernel compilation and JIT.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time training and inference per backend and device; write bench.json.",
                "Input: synthetic rates in [0,1], ~78%% dark pixels, mean intensity ~0.17 (like MNIST), or --dataset for real images.",
                "Epoch time is extrapolated from the timed batches to --epoch-samples samples."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--backend", split = ",", defaultValue = "cpu,opencl",
            description = "backends to time, comma-separated: cpu, opencl (default: ${DEFAULT-VALUE})")
    List<String> backends;

    @Option(names = "--device", description = "OpenCL device index or name substring (default: $SPIKECODER_DEVICE, "
            + "else the first GPU, else the first device)")
    String device;

    @Option(names = "--preset", defaultValue = "paper", description = "paper or authors-code (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--sizes", split = ",", defaultValue = "784,196,784",
            description = "layer sizes, input first (default: ${DEFAULT-VALUE})")
    int[] sizes;

    @Option(names = "--steps", description = "T, time steps per sample (default: the preset's, 15)")
    Integer steps;

    @Option(names = "--batch", description = "samples per batch (default: the preset's, 100)")
    Integer batch;

    @Option(names = "--batches", defaultValue = "20", description = "training batches to time (default: ${DEFAULT-VALUE})")
    int batches;

    @Option(names = "--infer-batches", defaultValue = "5",
            description = "inference batches to time, 0 for none (default: ${DEFAULT-VALUE})")
    int inferBatches;

    @Option(names = "--warmup", defaultValue = "1", description = "untimed batches first (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--train-steps", description = "time only this many steps of each training batch (for huge "
            + "networks such as the audiocoder); the epoch is extrapolated per step")
    Integer trainSteps;

    @Option(names = "--epoch-samples", defaultValue = "60000",
            description = "samples of the extrapolated epoch (default: ${DEFAULT-VALUE})")
    int epochSamples;

    @Option(names = "--profile", description = "record per-kernel device times with OpenCL profiling events")
    boolean profile;

    @Option(names = "--dataset", paramLabel = "mnist|fashion-mnist|fsdd",
            description = "time on the real training samples of this data set, in a seeded epoch order, instead of"
                    + " synthetic rates (--batches 600 is then exactly one epoch of 60,000 images); fsdd: spoken-digit"
                    + " spectrograms of 39 x (first size / 39) frames (1500 frames: the paper's 58,500 inputs) with"
                    + " 30%%-dense random 15-step targets")
    String dataset;

    @Option(names = "--seed", defaultValue = "1", description = "seed of weights and synthetic data")
    long seed;

    @Option(names = "--out", description = "folder to write bench.json into")
    Path out;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Mixin
    TuningOptions tune;

    /** The --tune overrides, parsed once. */
    private DeviceTuning tuning;

    /** Real training samples when --dataset is given, and their epoch order. */
    private org.spikecoder.engine.SampleSource samples;
    private int[] order;

    @Override
    public Integer call() {
        common.applyLogging();
        if (out == null) {
            return run();
        }
        // The folder is claimed before any work, as every command that writes into an --out does.
        try (RunLock lock = RunLock.acquire(out, "--out")) {
            return run();
        }
    }

    private Integer run() {
        tuning = tune.tuning();
        TrainConfig.Builder b = Preset.fromCliName(preset).defaults().toBuilder().seed(seed);
        if (steps != null) {
            b.steps(steps);
        }
        if (batch != null) {
            b.batchSize(batch);
        }
        TrainConfig config = b.build();
        NetworkSpec net = new NetworkSpec(sizes);
        if (dataset != null) {
            samples = BenchSamples.load(dataOptions.locator(), dataset, net, seed);
            order = Trainer.epochOrder(samples.count(), 0, seed);
        }
        int timedSteps = trainSteps == null ? config.steps() : Math.max(1, Math.min(trainSteps, config.steps()));
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("command", "spikecoder bench " + String.join(" ", commandLine()));
        report.put("network", net.toString());
        report.put("preset", preset);
        report.put("steps", config.steps());
        report.put("batch", config.batchSize());
        report.put("timed_batches", batches);
        report.put("timed_steps_per_batch", timedSteps);
        report.put("epoch_samples", epochSamples);
        report.put("input", dataset == null ? "synthetic" : BenchSamples.describe(dataset));
        report.put("cpu_cores", Runtime.getRuntime().availableProcessors());
        report.put("tuning", tuning.overrides());
        List<Map<String, Object>> results = new ArrayList<>();
        for (String kind : backends) {
            results.add(benchOne(kind.trim(), net, config, timedSteps));
        }
        report.put("results", results);
        if (out != null) {
            Path f = out.resolve("bench.json");
            AtomicFiles.writeString(f, Json.metrics("bench.json", report) + "\n");
            spec.commandLine().getOut().println("wrote " + f);
        }
        return 0;
    }

    private List<String> commandLine() {
        List<String> a = new ArrayList<>();
        a.add("--backend " + String.join(",", backends));
        if (device != null) {
            a.add("--device " + device);
        }
        a.add("--preset " + preset);
        StringBuilder s = new StringBuilder();
        for (int x : sizes) {
            s.append(s.length() == 0 ? "" : ",").append(x);
        }
        a.add("--sizes " + s);
        if (steps != null) {
            a.add("--steps " + steps);
        }
        if (batch != null) {
            a.add("--batch " + batch);
        }
        a.add("--batches " + batches);
        if (trainSteps != null) {
            a.add("--train-steps " + trainSteps);
        }
        if (profile) {
            a.add("--profile");
        }
        tuning.overrides().forEach((k, v) -> a.add("--tune " + k + "=" + v));
        return a;
    }

    private Map<String, Object> benchOne(String kind, NetworkSpec net, TrainConfig config, int timedSteps) {
        Map<String, Object> r = new LinkedHashMap<>();
        // Real data picks layer 1's gradient layout as a training run on it would (DeviceTuning.forInputs).
        DeviceTuning layout = samples == null ? tuning : tuning.forInputs(samples);
        try (Backend be = BackendFactory.create(kind, device, net, config, profile, layout)) {
            r.put("backend", be.name());
            r.put("device", be.deviceName());
            be.setWeights(WeightInit.initialise(net, config));
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = 0; i < warmup; i++) {
                trainBatch(be, inputBatch(net, config, rnd, i), timedSteps);
            }
            KernelProfile device = be.kernelProfile().orElse(null);
            if (device != null) {
                // Which way each layer's gradient runs (DeviceTuning.forInputs may have chosen it from the data).
                List<String> ways = new ArrayList<>();
                for (int l = 1; l <= net.layers(); l++) {
                    ways.add(device.inputMajorGradient(l) ? "input-major" : "row-major");
                }
                r.put("gradient_layout", ways);
            }
            if (device != null && profile) {
                device.resetTimes();
            }
            double[] perBatch = new double[batches];
            KernelWork work = new KernelWork(net, config);
            boolean transposed = device != null && device.transposedWeights();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            double untimed = 0;
            for (int i = 0; i < batches; i++) {
                long tb = System.nanoTime();
                BatchInput in = inputBatch(net, config, rnd, warmup + i);
                trainBatch(be, in, timedSteps);
                perBatch[i] = (System.nanoTime() - tb) / 1e9;
                if (profile) {
                    long tc = System.nanoTime();
                    countWork(be, net, in.size(), timedSteps, transposed,
                            device == null ? l -> false : device::inputMajorGradient, work);
                    untimed += (System.nanoTime() - tc) / 1e9;
                }
            }
            // The updates a backend deferred (the OpenCL backend's silent inputs of a big layer) are timed too; the
            // copy of the weights to the host is not: training makes it once per checkpoint, not once per step (at
            // the audiocoder's shape, 479 MB into fresh Java arrays took longer than three steps).
            be.awaitUpdates();
            double train = (System.nanoTime() - t0) / 1e9 - untimed;
            double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
            long tr = System.nanoTime();
            be.readWeights();
            r.put("read_weights_seconds", (System.nanoTime() - tr) / 1e9);
            double[] sorted = perBatch.clone();
            java.util.Arrays.sort(sorted);
            Map<String, KernelProfile.KernelTime> kernels = device != null && profile ? device.kernelTimes() : Map.of();
            double stepSeconds = train / ((double) batches * timedSteps);
            double batchSeconds = stepSeconds * config.steps();
            double sps = config.batchSize() / batchSeconds;
            r.put("train_seconds_timed", train);
            r.put("train_step_seconds", stepSeconds);
            r.put("train_batch_seconds", batchSeconds);
            r.put("samples_per_second", sps);
            r.put("seconds_per_epoch_extrapolated", epochSamples / sps);
            // On a shared machine other processes stretch some batches: the fastest and median batches and the
            // process CPU time show how much of the wall time was this run's own.
            r.put("train_batch_seconds_min", sorted[0] * config.steps() / timedSteps);
            r.put("train_batch_seconds_median", sorted[sorted.length / 2] * config.steps() / timedSteps);
            r.put("seconds_per_epoch_from_median_batch",
                    sorted[sorted.length / 2] * config.steps() / timedSteps * epochSamples / config.batchSize());
            r.put("process_cpu_seconds_per_timed_batch", cpuSeconds / batches);
            r.put("load_average_at_end", java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                    .getSystemLoadAverage());
            if (inferBatches > 0) {
                long t1 = System.nanoTime();
                for (int i = 0; i < inferBatches; i++) {
                    BatchInput in = inputBatch(net, config, rnd, 1000 + i);
                    be.beginBatch(in, -1);
                    for (int t = 1; t <= config.steps(); t++) {
                        be.step(t, false);
                    }
                    be.readSpikeCounts(net.layers());
                }
                double infer = (System.nanoTime() - t1) / 1e9;
                r.put("inference_samples_per_second", (double) inferBatches * config.batchSize() / infer);
            }
            r.put("peak_device_memory_bytes", be.peakMemoryBytes());
            if (device != null) {
                r.put("weights_and_optimizer_bytes", device.weightsAndOptimizerBytes());
            }
            if (!kernels.isEmpty()) {
                Map<String, Object> k = new LinkedHashMap<>();
                double total = 0;
                for (KernelProfile.KernelTime kt : kernels.values()) {
                    total += kt.nanos() / 1e9;
                }
                for (Map.Entry<String, KernelProfile.KernelTime> e : kernels.entrySet()) {
                    Map<String, Object> one = new LinkedHashMap<>();
                    one.put("launches", e.getValue().launches());
                    one.put("seconds", e.getValue().nanos() / 1e9);
                    one.put("share", e.getValue().nanos() / 1e9 / total);
                    double[] w = work.of(e.getKey());
                    if (w != null) {
                        double sec = e.getValue().nanos() / 1e9;
                        one.put("gflops_dense_equivalent", w[0] / sec / 1e9);
                        one.put("gflops_useful", w[1] / sec / 1e9);
                        one.put("gbytes_per_second_min_traffic", w[2] / sec / 1e9);
                    }
                    k.put(e.getKey(), one);
                }
                r.put("kernel_seconds_total", total);
                r.put("kernels", k);
            }
            print(r, kernels);
        }
        return r;
    }

    private static long processCpuNanos() {
        var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : 0L;
    }

    /** Counts the useful work of a timed batch from its spike counts (see {@link KernelWork}). */
    private static void countWork(Backend be, NetworkSpec net, int batch, int steps, boolean transposed,
                                  java.util.function.IntPredicate inputMajor, KernelWork work) {
        long[] events = new long[net.layers() + 1];
        long[] live = new long[net.layers() + 1];
        for (int l = 1; l <= net.layers(); l++) {
            for (int c : be.readSpikeCounts(l - 1)) {
                events[l] += c;
                live[l] += c > 0 ? 1 : 0;
            }
        }
        work.addBatch(batch, steps, events, live, transposed, inputMajor);
    }

    private static void trainBatch(Backend be, BatchInput in, int timedSteps) {
        be.beginBatch(in, -1);
        for (int t = 1; t <= timedSteps; t++) {
            be.step(t, true);
        }
        be.readLoss(); // waits for the device
    }

    /** Batch {@code index}: real images with --dataset, else MNIST-like intensities (~78% dark, the rest in [0.5, 1]). */
    private BatchInput inputBatch(NetworkSpec net, TrainConfig config, SplittableRandom rnd, int index) {
        int bsz = config.batchSize();
        if (samples != null) {
            int[] ids = new int[bsz];
            for (int s = 0; s < bsz; s++) {
                ids[s] = order[(index * bsz + s) % order.length];
            }
            return Trainer.batch(samples, ids, 0, Philox.STREAM_TRAIN_INPUT);
        }
        int n = net.inputSize();
        float[] rates = new float[bsz * n];
        for (int i = 0; i < rates.length; i++) {
            rates[i] = rnd.nextDouble() < 0.78 ? 0f : 0.5f + 0.5f * (float) rnd.nextDouble();
        }
        int[] ids = new int[bsz];
        for (int s = 0; s < bsz; s++) {
            ids[s] = index * bsz + s;
        }
        if (net.outputSize() == n) {
            return BatchInput.autoencoder(rates, bsz, ids, 0, Philox.STREAM_TRAIN_INPUT);
        }
        // Not an autoencoder (e.g. the audiocoder): a 30%-dense random spike target of 15 steps, replayed.
        int th = 15;
        float[] targets = new float[bsz * th * net.outputSize()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = rnd.nextDouble() < 0.3 ? 1f : 0f;
        }
        return new BatchInput(rates, bsz, ids, 0, Philox.STREAM_TRAIN_INPUT, targets, th);
    }

    /** ", x GB/s, y GFLOP/s useful (z dense-equivalent)" for a kernel whose work is counted, else "". */
    @SuppressWarnings("unchecked")
    private static String rates(Map<String, Object> r, String kernel) {
        Map<String, Object> k = (Map<String, Object>) ((Map<String, Object>) r.get("kernels")).get(kernel);
        if (k == null || !k.containsKey("gflops_useful")) {
            return "";
        }
        return String.format(Locale.ROOT, "  %6.1f GB/s %7.1f GFLOP/s useful (%.1f dense-equivalent)",
                (Double) k.get("gbytes_per_second_min_traffic"), (Double) k.get("gflops_useful"),
                (Double) k.get("gflops_dense_equivalent"));
    }

    private void print(Map<String, Object> r, Map<String, KernelProfile.KernelTime> kernels) {
        java.io.PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s on %s: %.1f samples/s training (%.4f s/step, %.1f s per epoch "
                        + "extrapolated, %.1f s from the median batch, %.2f CPU s per batch)%s, peak device memory "
                        + "%.1f MiB, weights copied back in %.2f s (not timed)%n",
                r.get("backend"), r.get("device"), (Double) r.get("samples_per_second"),
                (Double) r.get("train_step_seconds"), (Double) r.get("seconds_per_epoch_extrapolated"),
                (Double) r.get("seconds_per_epoch_from_median_batch"),
                (Double) r.get("process_cpu_seconds_per_timed_batch"),
                r.containsKey("inference_samples_per_second")
                        ? String.format(Locale.ROOT, ", %.1f samples/s inference",
                        (Double) r.get("inference_samples_per_second")) : "",
                ((Long) r.get("peak_device_memory_bytes")) / 1048576.0, (Double) r.get("read_weights_seconds"));
        if (!kernels.isEmpty()) {
            double total = (Double) r.get("kernel_seconds_total");
            kernels.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue().nanos(), a.getValue().nanos()))
                    .forEach(e -> out.printf(Locale.ROOT, "  %-32s %8d launches %9.3f s %5.1f%%%s%n",
                            e.getKey(), e.getValue().launches(), e.getValue().nanos() / 1e9,
                            100 * e.getValue().nanos() / 1e9 / total, rates(r, e.getKey())));
        }
    }
}
