package org.spikecoder.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.spikecoder.data.ImageDataset;
import org.spikecoder.data.ImageDatasets;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.EvalResult;
import org.spikecoder.engine.Trainer;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.RunLock;
import org.spikecoder.run.RunArtifacts;
import org.spikecoder.run.SpikeArtifacts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code eval-ae}: measures a trained autoencoder's MSE and Spike-MSE on a data set. */
@Command(name = "eval-ae", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Evaluate a trained autoencoder checkpoint on a data set.",
                "",
                "Loads a train-ae --out folder (or its checkpoint.spk) and measures MSE and Spike-MSE on"
                        + " z-scored maps, and the per-pixel MSE, with the T of its training. Writes eval.json,"
                        + " eval-reconstructions.png, spikes.png and <split>_hidden_spikes.npy into --out (default: the"
                        + " model's folder); --export-npy writes layerN.npy.",
                ""})
final class EvalAeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR|FILE",
            description = "A train-ae output folder or a checkpoint.spk file.")
    Path model;

    @Option(names = "--dataset", paramLabel = "mnist|fashion-mnist",
            description = "Images to evaluate on (default: the model's training data set).")
    String dataset;

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|train",
            description = "Which split. Default: ${DEFAULT-VALUE}.")
    String split;

    @Option(names = "--limit-test", defaultValue = "0", paramLabel = "N",
            description = "Evaluate the first N images only (0: all).")
    int limit;

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write eval.json (default: the model's folder).")
    Path out;

    @Option(names = "--export-npy", description = "Also write each layer's weights as layerN.npy (shape post x pre).")
    boolean exportNpy;

    @Mixin
    BackendOptions backendOptions;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.applyLogging();
        if (limit < 0) {
            throw new org.spikecoder.SpikecoderException("--limit-test must be 0 or more, got " + limit);
        }
        Path file = Files.isDirectory(model) ? model.resolve(Checkpoint.FILE_NAME) : model;
        Checkpoint ckpt = Checkpoint.read(file);
        Path outDir = out != null ? out : file.toAbsolutePath().getParent();
        try (RunLock lock = RunLock.acquire(outDir, "--out")) {
            return evaluate(file, ckpt, outDir);
        }
    }

    private Integer evaluate(Path file, Checkpoint ckpt, Path outDir) {
        if (!"autoencoder".equals(ckpt.kind())) {
            throw new org.spikecoder.SpikecoderException(file + ": holds a " + ckpt.kind() + ", not an autoencoder");
        }
        if (!split.equals("test") && !split.equals("train")) {
            throw new org.spikecoder.SpikecoderException("--split must be test or train, got '" + split + "'");
        }
        String ds = dataset != null ? dataset : ckpt.dataset();
        ImageDataset data = ImageDatasets.load(dataOptions.locator(), ds, split.equals("train"), limit);
        if (data.pixelsPerImage() != ckpt.network().inputSize()) {
            throw new org.spikecoder.SpikecoderException(file + ": network input " + ckpt.network().inputSize()
                    + " does not match " + ds + " images of " + data.pixelsPerImage() + " pixels");
        }
        RunArtifacts artifacts = new RunArtifacts(outDir);
        try (Backend backend = backendOptions.create(ckpt.network(), ckpt.config(), data.count())) {
            backend.setWeights(ckpt.weights());
            Trainer trainer = new Trainer(backend);
            long t0 = System.nanoTime();
            EvalResult r;
            try (ProgressReporter progress = new ProgressReporter("eval", data.count(), 0, common.interactive())) {
                r = SpikeArtifacts.evaluateWithHiddenSpikes(trainer, backend, data, 10, progress,
                        outDir.resolve(SpikeArtifacts.hiddenSpikesFile(split)));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(split + "_mse", r.mse());
            m.put(split + "_spike_mse", r.spikeMse());
            m.put(split + "_pixel_mse", r.pixelMse());
            m.put("images", r.images());
            m.put("eval_seconds", seconds);
            m.put("dataset", ds);
            m.put("split", split);
            m.put("backend", backend.name());
            m.put("device", backend.deviceName());
            m.put("network", ckpt.network().toString());
            m.put("checkpoint", file.toAbsolutePath().toString());
            artifacts.writeMetrics("eval.json", m);
            artifacts.writeReconstructions("eval-reconstructions.png", data, r);
            SpikeArtifacts.writeRaster(outDir.resolve(SpikeArtifacts.RASTER_FILE), trainer, backend, data, split);
            if (exportNpy) {
                artifacts.writeWeightsNpy(ckpt.weights(), ckpt.network().sizes());
            }
            spec.commandLine().getOut().printf("%s_mse %.4f  %s_spike_mse %.4f  %s_pixel_mse %.4f  (%d images, %.1f s,"
                    + " %s)%n", split, r.mse(), split, r.spikeMse(), split, r.pixelMse(), r.images(), seconds,
                    backend.name());
        }
        return 0;
    }
}
