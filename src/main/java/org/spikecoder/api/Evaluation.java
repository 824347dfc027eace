package org.spikecoder.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.spikecoder.SettingException;
import org.spikecoder.data.DataLocator;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.data.ImageDatasets;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.EvalResult;
import org.spikecoder.engine.Trainer;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.RunLock;
import org.spikecoder.run.BackendChoice;
import org.spikecoder.run.RunArtifacts;
import org.spikecoder.run.SpikeArtifacts;

/**
 * The evaluation of a trained autoencoder checkpoint (a {@link Autoencoder} run's folder or its
 * {@code checkpoint.spk}) on a data set, with the T of its training: MSE and Spike-MSE on z-scored maps and the
 * per-pixel MSE. Writes {@code eval.json}, {@code eval-reconstructions.png}, {@code spikes.png},
 * {@code <split>_hidden_spikes.npy} and, when asked, {@code layerN.npy}.
 *
 * <pre>{@code
 * EvaluationResult r = Evaluation.of(runFolder).split(Split.TEST).limit(1000).backend(BackendKind.CPU).build()
 *         .evaluate(out);
 * System.out.println(r.mse());
 * }</pre>
 */
public final class Evaluation {
    /** Output counts kept for eval-reconstructions.png. */
    private static final int PICTURED = 10;

    private final Path file;
    private final Checkpoint checkpoint;
    private final String dataset;
    private final Split split;
    private final int limit;
    private final boolean exportWeights;
    private final BackendChoice backends;
    private final DataLocator data;
    private final RunListener listener;

    private Evaluation(Builder b, Path file, Checkpoint checkpoint) {
        this.file = file;
        this.checkpoint = checkpoint;
        dataset = b.dataset != null ? b.dataset.id() : checkpoint.dataset();
        split = b.split;
        limit = b.limit;
        exportWeights = b.exportWeights;
        backends = b.backends();
        data = b.locator();
        listener = b.listener;
    }

    /** The evaluation of a train-ae folder (its {@code checkpoint.spk}) or of a checkpoint file. */
    public static Builder of(Path modelFolderOrCheckpoint) {
        return new Builder(BackendBuilder.given(modelFolderOrCheckpoint, "model"));
    }

    /** The checkpoint evaluated. */
    public Path checkpoint() {
        return file;
    }

    /** The data set's id, "mnist" or "fashion-mnist": the one given, else the checkpoint's training set. */
    public String dataset() {
        return dataset;
    }

    /** As {@link #evaluate(Path)} into the checkpoint's own folder. */
    public EvaluationResult evaluate() {
        return evaluate(file.toAbsolutePath().getParent());
    }

    /**
     * Scores the images and writes the results into {@code out}, which this evaluation holds locked meanwhile.
     *
     * @throws SettingException when {@code out} is in use, and when the images do not fit the network
     */
    public EvaluationResult evaluate(Path out) {
        BackendBuilder.given(out, "out");
        try (RunLock lock = RunLock.acquire(out, "out")) {
            return run(out);
        }
    }

    private EvaluationResult run(Path outDir) {
        ImageDataset images = ImageDatasets.load(data, dataset, split == Split.TRAIN, limit);
        if (images.pixelsPerImage() != checkpoint.network().inputSize()) {
            throw new SettingException("%s: network input %s does not match %s images of %s pixels", file,
                    checkpoint.network().inputSize(), dataset, images.pixelsPerImage());
        }
        String s = split.id();
        RunArtifacts artifacts = new RunArtifacts(outDir);
        Progress progress = new Progress(listener);
        try (Backend backend = backends.create(checkpoint.network(), checkpoint.config(), images.count())) {
            backend.setWeights(checkpoint.weights());
            Trainer trainer = new Trainer(backend);
            long t0 = System.nanoTime();
            EvalResult r;
            try (Progress.Eval p = progress.evaluation(RunListener.Phase.EVAL, images.count())) {
                r = SpikeArtifacts.evaluateWithHiddenSpikes(trainer, backend, images, PICTURED, p,
                        outDir.resolve(SpikeArtifacts.hiddenSpikesFile(s)));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(s + "_mse", r.mse());
            m.put(s + "_spike_mse", r.spikeMse());
            m.put(s + "_pixel_mse", r.pixelMse());
            m.put("images", r.images());
            m.put("eval_seconds", seconds);
            m.put("dataset", dataset);
            m.put("split", s);
            m.put("backend", backend.name());
            m.put("device", backend.deviceName());
            m.put("network", checkpoint.network().toString());
            m.put("checkpoint", file.toAbsolutePath().toString());
            artifacts.writeMetrics("eval.json", m);
            artifacts.writeReconstructions("eval-reconstructions.png", images, r);
            SpikeArtifacts.writeRaster(outDir.resolve(SpikeArtifacts.RASTER_FILE), trainer, backend, images, s);
            if (exportWeights) {
                artifacts.writeWeightsNpy(checkpoint.weights(), checkpoint.network().sizes());
            }
            return new EvaluationResult(outDir, split, m);
        }
    }

    /** The settings of an evaluation; {@link #build()} checks them and reads the checkpoint. */
    public static final class Builder extends DataBuilder<Builder> {
        private final Path model;
        private Dataset dataset;
        private Split split = Split.TEST;
        private int limit;
        private boolean exportWeights;
        private RunListener listener = RunListener.NONE;

        private Builder(Path model) {
            this.model = model;
        }

        @Override
        Builder self() {
            return this;
        }

        /** The images to score. Default: the data set the checkpoint was trained on. */
        public Builder dataset(Dataset d) {
            dataset = given(d, "dataset");
            return this;
        }

        /** Which split. Default: {@link Split#TEST}. */
        public Builder split(Split s) {
            split = given(s, "split");
            return this;
        }

        /** Score the first N images of the split only (0: all). Default: 0. */
        public Builder limit(int n) {
            limit = n;
            return this;
        }

        /** Also write each layer's weights as layerN.npy (shape post x pre). Default: false. */
        public Builder exportWeights(boolean on) {
            exportWeights = on;
            return this;
        }

        /** Progress, as the {@link RunListener.Phase#EVAL} phase. Default: {@link RunListener#NONE}. */
        public Builder listener(RunListener l) {
            listener = given(l, "listener");
            return this;
        }

        /**
         * @throws SettingException naming the first field out of range, or when the checkpoint cannot be read or
         *                          holds no autoencoder
         */
        public Evaluation build() {
            if (limit < 0) {
                throw new SettingException("{limit} must be 0 or more, got %s", limit);
            }
            Path file = Files.isDirectory(model) ? model.resolve(Checkpoint.FILE_NAME) : model;
            Checkpoint ckpt = Checkpoint.read(file);
            if (!"autoencoder".equals(ckpt.kind())) {
                throw new SettingException("%s: holds a %s, not an autoencoder", file, ckpt.kind());
            }
            return new Evaluation(this, file, ckpt);
        }
    }
}
