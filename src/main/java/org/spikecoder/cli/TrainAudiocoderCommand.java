package org.spikecoder.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;
import org.spikecoder.audio.ClipSplits;
import org.spikecoder.audio.DigitCorpus;
import org.spikecoder.audio.DigitSet;
import org.spikecoder.audio.Pairing;
import org.spikecoder.audio.SpectrogramConfig;
import org.spikecoder.audiocoder.AudiocoderRecipe;
import org.spikecoder.audiocoder.HiddenTargets;
import org.spikecoder.audiocoder.PairedClips;
import org.spikecoder.audiocoder.SynthesisScorer;
import org.spikecoder.audiocoder.SynthesisModel;
import org.spikecoder.data.DataLocator;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.data.ImageDatasets;
import org.spikecoder.engine.Backend;
import org.spikecoder.engine.Trainer;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.Npy;
import org.spikecoder.io.RunLock;
import org.spikecoder.model.NetworkSpec;
import org.spikecoder.model.Preset;
import org.spikecoder.model.TrainConfig;
import org.spikecoder.run.RunArtifacts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train-audiocoder}: spoken digit -> spiking audiocoder -> the autoencoder's hidden code -> image. */
@Command(name = "train-audiocoder", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Train a spiking audiocoder that turns spoken digits into images (the paper's section 4.2).",
                "",
                "Spectrograms of the Free Spoken Digit Dataset (39 mel channels x F frames) are rate-coded into an"
                        + " audiocoder N_audio-H-N_code trained with the membrane-potential loss to emit the hidden"
                        + " spike map (its first Th steps, replayed) of a trained autoencoder (--ae) for the paired"
                        + " MNIST image. Audiocoder + the autoencoder's decoder is the audio-to-image model"
                        + " (model.spk, used by `synthesize`).",
                "",
                "Pairing A: every clip of a digit is paired with one fixed training image of that digit (the first"
                        + " of its class). Pairing B: each training clip with a seeded random training image of its"
                        + " digit. Test MSE (z-scored, as the paper): A against the class image; B against the"
                        + " closest training image of the clip's digit.",
                "",
                "Defaults come from --recipe (fsdd: --hidden 256 --steps 30 --batch 400 --lr 5e-4 --epochs 24"
                        + " --leak 0.02 --range-db 40 --eval-steps 60, chosen on FSDD's validation split; paper: --frames 1500"
                        + " --hidden 2048 --steps 60 --batch 50 --lr 5e-5 --epochs 20 --leak 0.1, weight decay 1e-4;"
                        + " with --preset authors-code also --max-rate 0.02 and --init-scale 0.01).",
                ""})
final class TrainAudiocoderCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(TrainAudiocoderCommand.class);

    @Option(names = "--ae", required = true, paramLabel = "DIR|FILE",
            description = "The trained autoencoder: a train-ae --out folder or its checkpoint.spk.")
    Path ae;

    @Option(names = "--pairing", defaultValue = "A", paramLabel = "A|B", description = "Dataset A or B. Default: ${DEFAULT-VALUE}.")
    String pairing;

    @Option(names = "--hidden-steps", defaultValue = "15", paramLabel = "TH",
            description = "Th: steps of the autoencoder's hidden spike map used as the target (1..its T). Default: ${DEFAULT-VALUE}.")
    int hiddenSteps;

    @Option(names = "--recipe", defaultValue = "fsdd", paramLabel = "fsdd|paper",
            description = "Defaults: fsdd (chosen on FSDD's validation split, docs/RESULTS.md) or paper (58,500"
                    + " inputs, 2,048 hidden, T 60, lr 5e-5, 20 epochs: the paper's section 4.2)."
                    + " Default: ${DEFAULT-VALUE}.")
    String recipe;

    @Option(names = "--hidden", paramLabel = "H",
            description = "Hidden neurons of the audiocoder (recipe fsdd: 256, paper: 2048).")
    Integer hidden;

    @Option(names = "--validation", defaultValue = "0", paramLabel = "N",
            description = "Hold out FSDD recording indices 5..5+N-1 of every speaker and digit from the training clips"
                    + " as a validation split (val_mse, val_class_accuracy in metrics.json); options are chosen on it."
                    + " Default: ${DEFAULT-VALUE} (train on all).")
    int validation;

    @Option(names = "--test-speaker", paramLabel = "NAME",
            description = "Speaker-independent split: every clip of NAME is the test set, the other speakers' clips"
                    + " (official train and test) the training set.")
    String testSpeaker;

    @Option(names = "--eval-test", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Score the test clips (--no-eval-test while options are being chosen on --validation).")
    boolean evalTest;

    @Option(names = "--eval-steps", paramLabel = "T",
            description = "Steps the audio-to-image model runs per clip when it is scored and in `synthesize` (more"
                    + " steps average out more of the input's Poisson noise). Default: 60 (recipe fsdd), the training"
                    + " --steps (recipe paper).")
    Integer evalSteps;

    @Option(names = "--out", defaultValue = "runs/audiocoder", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    AudioOptions audio;

    @Mixin
    CheckpointOptions checkpoints;

    @Mixin
    SnnOptions snn;

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
        String pair = pairing.toUpperCase(Locale.ROOT);
        if (!pair.equals("A") && !pair.equals("B")) {
            throw new SpikecoderException("--pairing must be A or B, got '" + pairing + "'");
        }
        AudiocoderRecipe r = AudiocoderRecipe.fromCliName(recipe);
        if (hidden == null) {
            hidden = r.hidden();
        }
        audio.defaultFrames(r.frames());
        audio.defaultRangeDb(r.rangeDb());
        if (hidden < 1) {
            throw new SpikecoderException("--hidden must be positive, got " + hidden);
        }
        audio.check();
        if (evalSteps == null && r.evalSteps() > 0) {
            evalSteps = r.evalSteps();
        }
        if (evalSteps != null && evalSteps < 1) {
            throw new SpikecoderException("--eval-steps must be at least 1, got " + evalSteps);
        }
        TrainConfig config = snn.resolve(b -> r.apply(b, snn.preset()));
        try (RunLock lock = RunLock.acquire(out, "--out")) {
            return train(pair, config);
        }
    }

    private Integer train(String pair, TrainConfig config) {
        Path aeFile = Files.isDirectory(ae) ? ae.resolve(Checkpoint.FILE_NAME) : ae;
        Checkpoint autoencoder = Checkpoint.read(aeFile);
        if (!"autoencoder".equals(autoencoder.kind()) || !autoencoder.complete()) {
            throw new SpikecoderException(aeFile + ": not a finished autoencoder (train it with train-ae first)");
        }
        if (hiddenSteps < 1 || hiddenSteps > autoencoder.config().steps()) {
            throw new SpikecoderException("--hidden-steps must be in 1.." + autoencoder.config().steps()
                    + " (the autoencoder's T), got " + hiddenSteps);
        }
        DataLocator data = dataOptions.locator();
        ImageDataset images = ImageDatasets.load(data, autoencoder.dataset(), true, 0);
        AudioOptions.Clips clips = audio.load(data);
        SpectrogramConfig spectrogram = clips.spectrogram();
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
        int[] classImages = Pairing.classImages(imageLabels);
        int[] pairedTrain = pair.equals("A") ? Pairing.datasetA(train.labels(), classImages)
                : Pairing.datasetB(imageLabels, train.labels(), config.seed());
        int code = autoencoder.network().size(1);
        NetworkSpec net = NetworkSpec.of(spectrogram.inputSize(), hidden, code);
        Map<String, String> settings = new TreeMap<>(Map.of("pairing", pair, "hidden_steps",
                String.valueOf(hiddenSteps), "frames", String.valueOf(spectrogram.frames()), "hop",
                String.valueOf(spectrogram.hop()), "limit_test", String.valueOf(audio.limitTest)));
        settings.put("validation", String.valueOf(validation));
        settings.put("test_speaker", testSpeaker == null ? "" : testSpeaker);
        // Before targets.npy is written: a refused run (another run's folder, mismatched --resume) must leave it be.
        TrainingSession session = new TrainingSession(new TrainingSession.Identity("audiocoder", net, config,
                "fsdd", audio.limitTrain, settings), out, checkpoints, common.interactive());
        float[] targets;
        try (Backend aeBackend = backendOptions.create(autoencoder.network(), autoencoder.config(),
                pairedTrain.length)) {
            aeBackend.setWeights(autoencoder.weights());
            targets = HiddenTargets.forClips(aeBackend, images, pairedTrain, hiddenSteps);
        }
        Npy.write(out.resolve("targets.npy"), targets, train.count(), hiddenSteps, code);

        float[][] audiocoderWeights;
        try (Backend backend = backendOptions.create(net, config, train.count())) {
            LOG.info("train-audiocoder {} pairing {} Th={} on {} ({}) T={} batch {} lr {}", net, pair, hiddenSteps,
                    backend.name(), backend.deviceName(), config.steps(), config.batchSize(), config.learningRate());
            backend.setWeights(session.initialWeights());
            if (!session.train(new Trainer(backend), backend,
                    new PairedClips(train, targets, hiddenSteps, code))) {
                return 0;
            }
            audiocoderWeights = backend.readWeights();
        }

        // The model runs for --eval-steps wherever it is used; only the training took config.steps().
        TrainConfig synthesis = evalSteps == null ? config : config.toBuilder().steps(evalSteps).build();
        SynthesisModel model = SynthesisModel.join(audiocoderWeights, net, autoencoder.weights()[1],
                images.pixelsPerImage(), synthesis, spectrogram, settings);
        model.write(out.resolve(SynthesisModel.FILE_NAME));
        RunArtifacts artifacts = new RunArtifacts(out);
        Map<String, Object> metrics = evaluate(model, images, train, val, evalTest ? test : null, pairedTrain,
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
        StringBuilder line = new StringBuilder();
        for (String k : new String[] {"test_mse", "test_class_accuracy", "val_mse", "val_class_accuracy", "train_mse"}) {
            if (metrics.get(k) instanceof Double d) {
                line.append(String.format(Locale.ROOT, "%s %.4f  ", k, d));
            }
        }
        spec.commandLine().getOut().printf("%s(pairing %s, Th %d, %.1f s training, %s)%n", line, pair, hiddenSteps,
                session.trainSeconds(), metrics.get("backend"));
        spec.commandLine().getOut().println("results in " + out.toAbsolutePath()
                + " (metrics.json, synthesis-grid.png, model.spk)");
        return 0;
    }

    private Map<String, Object> evaluate(SynthesisModel model, ImageDataset images, DigitSet train, DigitSet val,
                                         DigitSet test, int[] pairedTrain, int[] classImages, String pair) {
        int last = model.network().layers();
        SynthesisScorer scorer = new SynthesisScorer(images, pair, classImages, pairedTrain);
        Map<String, Object> m = new LinkedHashMap<>();
        int most = Math.max(train.count(), Math.max(test == null ? 0 : test.count(), val == null ? 0 : val.count()));
        try (Backend backend = backendOptions.create(model.network(), model.config(), most)) {
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
}
