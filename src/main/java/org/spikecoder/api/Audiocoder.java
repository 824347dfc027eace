package org.spikecoder.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SettingException;
import org.spikecoder.audio.ClipSplits;
import org.spikecoder.audio.DigitCorpus;
import org.spikecoder.audio.DigitSet;
import org.spikecoder.audio.SpectrogramConfig;
import org.spikecoder.audiocoder.AudiocoderRecipe;
import org.spikecoder.audiocoder.HiddenTargets;
import org.spikecoder.audiocoder.PairedClips;
import org.spikecoder.audiocoder.SynthesisModel;
import org.spikecoder.audiocoder.SynthesisScorer;
import org.spikecoder.data.DataLocator;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.data.ImageDatasets;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.engine.Trainer;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.Npy;
import org.spikecoder.io.RunLock;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.run.AudioClips;
import org.spikecoder.run.BackendChoice;
import org.spikecoder.run.RunArtifacts;
import org.spikecoder.run.TrainingSession;

/**
 * A spiking audiocoder run (the paper's section 4.2): spectrograms of spoken digits (FSDD) are rate-coded into an
 * audiocoder N_audio-H-N_code trained to emit a trained {@link Autoencoder}'s hidden spike map (its first Th steps,
 * replayed) for the paired image. The audiocoder joined with the autoencoder's decoder is the audio-to-image model
 * ({@code model.spk}), scored on the test clips and written with {@code metrics.json}, {@code synthesis-grid.png},
 * {@code checkpoint.spk}, {@code targets.npy}, {@code loss.csv} and {@code loss.png}.
 *
 * <pre>{@code
 * AudiocoderResult r = Audiocoder.builder().autoencoder(aeFolder).dataFolder(data).pairing(Pairing.A)
 *         .build().train(out);
 * }</pre>
 */
public final class Audiocoder {
    private static final Logger LOG = LogManager.getLogger(Audiocoder.class);

    private final Path autoencoder;
    private final Pairing pairing;
    private final int hiddenSteps;
    private final int hidden;
    private final int validation;
    private final String testSpeaker;
    private final boolean evalTest;
    private final Integer evalSteps;
    private final int limitTrain;
    private final int limitTest;
    private final SpectrogramConfig spectrogram;
    private final TrainConfig config;
    private final TrainingSession.Checkpointing checkpointing;
    private final BackendChoice backends;
    private final DataLocator data;
    private final RunListener listener;

    private Audiocoder(Builder b, AudiocoderRecipe r, int frames) {
        autoencoder = b.autoencoder;
        pairing = b.pairing;
        hiddenSteps = b.hiddenSteps;
        hidden = b.hidden != null ? b.hidden : r.hidden();
        validation = b.validation;
        testSpeaker = b.testSpeaker;
        evalTest = b.evalTest;
        evalSteps = b.evalSteps == null && r.evalSteps() > 0 ? Integer.valueOf(r.evalSteps()) : b.evalSteps;
        limitTrain = b.limitTrain;
        limitTest = b.limitTest;
        spectrogram = AudioClips.spectrogram(frames, b.hop, b.rangeDb != null ? b.rangeDb : r.rangeDb(),
                b.headroomDb);
        org.spikecoder.model.Preset preset = b.presetValue().model();
        config = b.config(c -> r.apply(c, preset));
        checkpointing = b.checkpointing();
        backends = b.backends();
        data = b.locator();
        listener = b.listenerValue();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The training settings this run uses. */
    public TrainConfig config() {
        return config;
    }

    /**
     * Computes the targets, trains, joins and scores the audio-to-image model, and writes the results into
     * {@code out}, which this run holds locked meanwhile. Stops early, with a checkpoint to resume, after
     * {@code stopAfter} batches or on a signal ({@code saveOnSignal}).
     *
     * @throws SettingException when {@code out} is in use or holds another run's checkpoint, when the autoencoder is
     *                          not a finished one, and for settings that only the data can check
     */
    public AudiocoderResult train(Path out) {
        RunBuilder.given(out, "out");
        try (RunLock lock = RunLock.acquire(out, "out")) {
            return run(out);
        }
    }

    private AudiocoderResult run(Path out) {
        Path aeFile = Files.isDirectory(autoencoder) ? autoencoder.resolve(Checkpoint.FILE_NAME) : autoencoder;
        Checkpoint ae = Checkpoint.read(aeFile);
        if (!"autoencoder".equals(ae.kind()) || !ae.complete()) {
            throw new SettingException("%s: not a finished autoencoder (train it with train-ae first)", aeFile);
        }
        if (hiddenSteps < 1 || hiddenSteps > ae.config().steps()) {
            throw new SettingException("{hiddenSteps} must be in 1..%s (the autoencoder's T), got %s",
                    ae.config().steps(), hiddenSteps);
        }
        String pair = pairing.name();
        ImageDataset images = ImageDatasets.load(data, ae.dataset(), true, 0);
        AudioClips clips = AudioClips.load(data, spectrogram, limitTrain, limitTest);
        DigitSet train = clips.train();
        DigitSet test = clips.test();
        if (testSpeaker != null) {
            ClipSplits.Parts bySpeaker = ClipSplits.speaker(train, test, testSpeaker);
            train = bySpeaker.kept();
            test = bySpeaker.heldOut();
        }
        DigitSet val = null;
        if (validation > 0) {
            ClipSplits.Parts parts = ClipSplits.validation(train, DigitCorpus.FSDD_TEST_INDICES, validation);
            train = parts.kept();
            val = parts.heldOut();
        }

        byte[] imageLabels = images.labels();
        int[] classImages = org.spikecoder.audio.Pairing.classImages(imageLabels);
        int[] pairedTrain = pairing == Pairing.A ? org.spikecoder.audio.Pairing.datasetA(train.labels(), classImages)
                : org.spikecoder.audio.Pairing.datasetB(imageLabels, train.labels(), config.seed());
        int code = ae.network().size(1);
        NetworkSpec net = NetworkSpec.of(spectrogram.inputSize(), hidden, code);
        Map<String, String> settings = new TreeMap<>(Map.of("pairing", pair, "hidden_steps",
                String.valueOf(hiddenSteps), "frames", String.valueOf(spectrogram.frames()), "hop",
                String.valueOf(spectrogram.hop()), "limit_test", String.valueOf(limitTest)));
        settings.put("validation", String.valueOf(validation));
        settings.put("test_speaker", testSpeaker == null ? "" : testSpeaker);
        // Before targets.npy is written: a refused run (another run's folder, mismatched resume) must leave it be.
        TrainingSession session = new TrainingSession(new TrainingSession.Identity("audiocoder", net, config,
                "fsdd", limitTrain, settings), out, checkpointing);
        float[] targets;
        try (Backend aeBackend = backends.create(ae.network(), ae.config(), pairedTrain.length)) {
            aeBackend.setWeights(ae.weights());
            targets = HiddenTargets.forClips(aeBackend, images, pairedTrain, hiddenSteps);
        }
        Npy.write(out.resolve("targets.npy"), targets, train.count(), hiddenSteps, code);

        float[][] audiocoderWeights;
        try (Backend backend = backends.create(net, config, train.count())) {
            LOG.info("train-audiocoder {} pairing {} Th={} on {} ({}) T={} batch {} lr {}", net, pair, hiddenSteps,
                    backend.name(), backend.deviceName(), config.steps(), config.batchSize(), config.learningRate());
            backend.setWeights(session.initialWeights());
            if (!session.train(new Trainer(backend), backend, new PairedClips(train, targets, hiddenSteps, code),
                    new Progress(listener).training())) {
                return AudiocoderResult.stopped(out, session.trainSeconds());
            }
            audiocoderWeights = backend.readWeights();
        }

        // The model runs for evalSteps wherever it is used; only the training took config.steps().
        TrainConfig synthesis = evalSteps == null ? config : config.toBuilder().steps(evalSteps).build();
        SynthesisModel model = SynthesisModel.join(audiocoderWeights, net, ae.weights()[1],
                images.pixelsPerImage(), synthesis, spectrogram, settings);
        model.write(out.resolve(SynthesisModel.FILE_NAME));
        RunArtifacts artifacts = new RunArtifacts(out);
        Map<String, Object> metrics = evaluate(out, model, images, train, val, evalTest ? test : null, pairedTrain,
                classImages, pair);
        metrics.put("train_seconds", session.trainSeconds());
        metrics.put("samples_per_second", session.samplesPerSecond());
        metrics.put("pairing", pair);
        metrics.put("hidden_steps", hiddenSteps);
        metrics.put("eval_steps", synthesis.steps());
        metrics.put("frames", spectrogram.frames());
        metrics.put("network", net.toString());
        metrics.put("synthesis_network", model.network().toString());
        metrics.put("train_clips", train.count());
        metrics.put("test_clips", evalTest ? test.count() : 0);
        metrics.put("val_clips", val == null ? 0 : val.count());
        metrics.put("validation_indices", validation);
        if (testSpeaker != null) {
            metrics.put("test_speaker", testSpeaker);
        }
        metrics.put("class_images", classImages);
        metrics.put("autoencoder", aeFile.toAbsolutePath().toString());
        metrics.put("config", config);
        artifacts.writeMetrics("metrics.json", metrics);
        artifacts.writeLossCurve(session.loss(), config.batchSize());
        return new AudiocoderResult(out, metrics, session.trainSeconds());
    }

    private Map<String, Object> evaluate(Path out, SynthesisModel model, ImageDataset images, DigitSet train,
                                         DigitSet val, DigitSet test, int[] pairedTrain, int[] classImages,
                                         String pair) {
        int last = model.network().layers();
        SynthesisScorer scorer = new SynthesisScorer(images, pair, classImages, pairedTrain);
        Map<String, Object> m = new LinkedHashMap<>();
        int most = Math.max(train.count(), Math.max(test == null ? 0 : test.count(), val == null ? 0 : val.count()));
        try (Backend backend = backends.create(model.network(), model.config(), most)) {
            backend.setWeights(model.weights());
            Trainer trainer = new Trainer(backend);
            // Validation and test clips are scored alike: A against the class image, B the closest of the digit.
            if (test != null) {
                float[] testOut = trainer.spikeCounts(PairedClips.inputsOnly(test), new int[] {last},
                        TrainListener.NONE)[0];
                m.put("test_mse", scorer.testMse(testOut, test.labels()));
                m.put("test_class_accuracy", scorer.classAccuracy(testOut, test.labels()));
                SynthesisScorer.writeGrid(out.resolve("synthesis-grid.png"), testOut, test.labels(), images.rows(),
                        images.cols());
            }
            if (val != null) {
                float[] valOut = trainer.spikeCounts(PairedClips.inputsOnly(val), new int[] {last},
                        TrainListener.NONE)[0];
                m.put("val_mse", scorer.testMse(valOut, val.labels()));
                m.put("val_class_accuracy", scorer.classAccuracy(valOut, val.labels()));
                SynthesisScorer.writeGrid(out.resolve("validation-grid.png"), valOut, val.labels(), images.rows(),
                        images.cols());
            }
            float[] trainOut = trainer.spikeCounts(PairedClips.inputsOnly(train), new int[] {last},
                    TrainListener.NONE)[0];
            m.put("train_mse", scorer.trainMse(trainOut));
            m.put("train_class_accuracy", scorer.classAccuracy(trainOut, train.labels()));
            m.put("backend", backend.name());
            m.put("device", backend.deviceName());
        }
        return m;
    }

    /** The settings of an audiocoder run; unset ones come from the {@link Recipe}. {@link #build()} checks them. */
    public static final class Builder extends RunBuilder<Builder> {
        private Path autoencoder;
        private Pairing pairing = Pairing.A;
        private int hiddenSteps = 15;
        private Recipe recipe = Recipe.FSDD;
        private Integer hidden;
        private int validation;
        private String testSpeaker;
        private boolean evalTest = true;
        private Integer evalSteps;
        private Integer frames;
        private Integer hop;
        private Double rangeDb;
        private Double headroomDb;
        private int limitTrain;
        private int limitTest;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** The trained autoencoder: an {@link Autoencoder} run's folder or its checkpoint.spk. Required. */
        public Builder autoencoder(Path folderOrCheckpoint) {
            autoencoder = given(folderOrCheckpoint, "autoencoder");
            return this;
        }

        /** Default: {@link Pairing#A}. */
        public Builder pairing(Pairing p) {
            pairing = given(p, "pairing");
            return this;
        }

        /** Th: steps of the autoencoder's hidden spike map used as the target (1..its T). Default: 15. */
        public Builder hiddenSteps(int th) {
            hiddenSteps = th;
            return this;
        }

        /** The defaults of every unset setting. Default: {@link Recipe#FSDD}. */
        public Builder recipe(Recipe r) {
            recipe = given(r, "recipe");
            return this;
        }

        /** Hidden neurons of the audiocoder (recipe FSDD: 256, PAPER: 2048). */
        public Builder hidden(int h) {
            hidden = h;
            return this;
        }

        /**
         * Hold out FSDD recording indices 5..5+N-1 of every speaker and digit from the training clips as a validation
         * split (val_mse, val_class_accuracy). Default: 0.
         */
        public Builder validation(int n) {
            validation = n;
            return this;
        }

        /** Speaker-independent split: every clip of this speaker is the test set, the others' the training set. */
        public Builder testSpeaker(String name) {
            testSpeaker = name;
            return this;
        }

        /** Score the test clips (false while settings are being chosen on the validation split). Default: true. */
        public Builder evalTest(boolean on) {
            evalTest = on;
            return this;
        }

        /** Steps the audio-to-image model runs per clip when scored and in synthesis (recipe FSDD: 60). */
        public Builder evalSteps(int t) {
            evalSteps = t;
            return this;
        }

        /** Spectrogram frames per clip, x 39 channels = inputs (recipe FSDD: 100, PAPER: 1500). */
        public Builder frames(int f) {
            frames = f;
            return this;
        }

        /** Samples between frames at 8 kHz. Default: 80, or 12 with 1500 frames. */
        public Builder hop(int samples) {
            hop = samples;
            return this;
        }

        /** Dynamic range of the spectrogram's scaling (recipe FSDD: 40 dB, PAPER: 60 dB). */
        public Builder rangeDb(double db) {
            rangeDb = db;
            return this;
        }

        /** Spectrogram values within this many dB of a clip's loudest map to 1. Default: 0. */
        public Builder headroomDb(double db) {
            headroomDb = db;
            return this;
        }

        /** Train on N training clips spread evenly over the set (0: all 2,700). Default: 0. */
        public Builder limitTrain(int n) {
            limitTrain = n;
            return this;
        }

        /** Evaluate on N test clips spread evenly over the set (0: all 300). Default: 0. */
        public Builder limitTest(int n) {
            limitTest = n;
            return this;
        }

        /** @throws SettingException naming the first field missing or out of range */
        public Audiocoder build() {
            given(autoencoder, "autoencoder");
            AudiocoderRecipe r = recipe.recipe();
            int h = hidden != null ? hidden : r.hidden();
            if (h < 1) {
                throw new SettingException("{hidden} must be positive, got %s", h);
            }
            int f = frames != null ? frames : r.frames();
            AudioClips.check(f, hop, limitTrain, limitTest);
            if (evalSteps != null && evalSteps < 1) {
                throw new SettingException("{evalSteps} must be at least 1, got %s", evalSteps);
            }
            return new Audiocoder(this, r, f);
        }
    }
}
