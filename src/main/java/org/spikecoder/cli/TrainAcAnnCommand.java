package org.spikecoder.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;
import org.spikecoder.ann.Activation;
import org.spikecoder.ann.AnnAudiocoder;
import org.spikecoder.ann.AnnAutoencoder;
import org.spikecoder.ann.AnnOptimizer;
import org.spikecoder.ann.AnnTrainer;
import org.spikecoder.ann.Quantiser;
import org.spikecoder.audio.DigitSet;
import org.spikecoder.audio.Pairing;
import org.spikecoder.audio.SpectrogramConfig;
import org.spikecoder.audiocoder.SynthesisScorer;
import org.spikecoder.data.DataLocator;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.data.ImageDatasets;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.io.Npy;
import org.spikecoder.io.RunLock;
import org.spikecoder.run.AudioClips;
import org.spikecoder.run.RunArtifacts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code train-ac-ann}: the paper's AC-ANN baseline, spoken digit -> MLP -> quantised AE-ANN code -> W2 -> image. */
@Command(name = "train-ac-ann", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Train the ANN audiocoder baseline (AC-ANN, the paper's Table 1 audio rows, ANN columns).",
                "",
                "An MLP N_audio-H-N_code (ReLU hidden, identity output by default) learns, on 0.5|t - y|^2 with SGD"
                        + " or Adam, to map a clip's spectrogram (39 mel channels x F frames) to t: the hidden vector"
                        + " of a trained ANN autoencoder (--ae-ann, a train-ann --out folder) for the paired MNIST"
                        + " image, quantised to 2^Th levels on [0, the largest hidden activation over the training"
                        + " images]. Synthesis quantises the prediction the same way (--no-quantise-prediction: clamp"
                        + " only) and decodes it with the autoencoder's W2.",
                "",
                "Pairings and scores as train-audiocoder: A, every clip of a digit with that digit's first training"
                        + " image, test MSE against it; B, each training clip with a seeded random image of its digit,"
                        + " test MSE against the closest training image of the digit. Writes metrics.json,"
                        + " synthesis-grid.png, loss.csv, loss.png, targets.npy and the model (ac-ann.json, *.npy).",
                "",
                "The paper: 58500-2048-196, lr 1e-4, weight decay 1e-4, batch 50, 20 epochs; A with Th 15, B with Th 10.",
                ""})
final class TrainAcAnnCommand implements Callable<Integer> {
    private static final Logger LOG = LogManager.getLogger(TrainAcAnnCommand.class);

    @Option(names = "--ae-ann", required = true, paramLabel = "DIR",
            description = "The trained ANN autoencoder: a train-ann --out folder (ann.json, layer*.npy).")
    Path aeAnn;

    @Option(names = "--pairing", defaultValue = "A", paramLabel = "A|B", description = "Dataset A or B. Default: ${DEFAULT-VALUE}.")
    String pairing;

    @Option(names = "--hidden-steps", defaultValue = "15", paramLabel = "TH",
            description = "Th: the target code is quantised to 2^Th levels (Th bits per hidden unit, as the SNN's Th"
                    + " steps), 1..16. Default: ${DEFAULT-VALUE}.")
    int hiddenSteps;

    @Option(names = "--hidden", defaultValue = "2048", paramLabel = "H",
            description = "Hidden units of the audiocoder. Default: ${DEFAULT-VALUE} (the paper's).")
    int hidden;

    @Option(names = "--lr", defaultValue = "1e-4", paramLabel = "RATE",
            description = "Learning rate. Default: ${DEFAULT-VALUE} (the paper's, for both optimisers).")
    double lr;

    @Option(names = "--batch", defaultValue = "50", paramLabel = "B", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--epochs", defaultValue = "20", paramLabel = "E", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--output-activation", defaultValue = "identity", paramLabel = "identity|relu",
            description = "Activation of the audiocoder's output. Default: ${DEFAULT-VALUE} (no dead output units;"
                    + " synthesis clamps at 0).")
    Activation outputActivation;

    @Option(names = "--no-quantise-prediction", negatable = false,
            description = "Decode the prediction clamped to [0, max] instead of quantised to the 2^Th levels.")
    boolean noQuantisePrediction;

    @Option(names = "--out", defaultValue = "runs/ac-ann", paramLabel = "DIR", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    AudioOptions audio;

    @Mixin
    AnnOptions ann;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.applyLogging();
        String pair = checkOptions();
        try (RunLock lock = RunLock.acquire(out, "--out")) {
            return train(pair);
        }
    }

    private Integer train(String pair) {
        if (Files.exists(out.resolve(AnnAudiocoder.JSON_FILE))) {
            throw new SpikecoderException(out.resolve(AnnAudiocoder.JSON_FILE) + " already exists: choose another --out");
        }
        AnnAutoencoder ae = AnnAutoencoder.load(aeAnn);
        String aeDataset = aeDataset(aeAnn);
        DataLocator data = dataOptions.locator();
        ImageDataset images = ImageDatasets.load(data, aeDataset, true, 0);
        if (images.pixelsPerImage() != ae.inputs()) {
            throw new SpikecoderException(aeAnn + ": the autoencoder takes " + ae.inputs() + " inputs, " + aeDataset
                    + " images have " + images.pixelsPerImage() + " pixels");
        }
        AudioClips clips = audio.load(data);
        SpectrogramConfig spectrogram = clips.spectrogram();
        DigitSet train = clips.train();
        DigitSet test = clips.test();

        int[] classImages = Pairing.classImages(images.labels());
        int[] pairedTrain = pair.equals("A") ? Pairing.datasetA(train.labels(), classImages)
                : Pairing.datasetB(images.labels(), train.labels(), ann.seed);
        Quantiser q = AnnAudiocoder.fitQuantiser(ae, images, hiddenSteps);
        float[] targets = AnnAudiocoder.targets(ae, images, pairedTrain, q);
        Npy.write(out.resolve("targets.npy"), targets, train.count(), ae.hidden());

        AnnAudiocoder net = AnnAudiocoder.initialise(spectrogram.inputSize(), hidden, ae.hidden(), outputActivation,
                ann.bias, ann.init, ann.initScale, ann.seed);
        AnnOptimizer opt = ann.optimizer(lr);
        LOG.info("train-ac-ann {} pairing {} Th={} ({} levels on [0, {}]) {} batch {} epochs {} seed {}",
                net.describe(), pair, hiddenSteps, q.levels(), q.max(), opt.describe(), batch, epochs, ann.seed);

        List<Double> loss = new ArrayList<>();
        long t1 = System.nanoTime();
        try (ProgressReporter progress = new ProgressReporter("train", (long) epochs * train.count(), 0,
                common.interactive())) {
            TrainListener listener = new TrainListener() {
                @Override
                public void batchDone(int epoch, int batchIndex, int batches, int samples, double l) {
                    loss.add(l);
                    progress.batchDone(epoch, batchIndex, batches, samples, l);
                }
            };
            for (int e = 0; e < epochs; e++) {
                AnnTrainer.trainEpoch(net, opt, train.inputs(), targets, train.count(), e, batch, ann.seed, listener);
            }
        }
        double trainSeconds = (System.nanoTime() - t1) / 1e9;

        boolean quantise = !noQuantisePrediction;
        SynthesisScorer scorer = new SynthesisScorer(images, pair, classImages, pairedTrain);
        float[] testOut = net.synthesise(test.inputs(), test.count(), ae, q, quantise);
        float[] trainOut = net.synthesise(train.inputs(), train.count(), ae, q, quantise);
        // The other synthesis choice, measured too, so one run answers whether quantising the prediction matters.
        float[] testOther = net.synthesise(test.inputs(), test.count(), ae, q, !quantise);

        long samples = (long) epochs * train.count();
        Map<String, Object> config = new LinkedHashMap<>();
        ann.putConfig(config, lr, batch, epochs, outputActivation.jsonName());
        config.put("quantise_prediction", quantise);
        config.put("frames", spectrogram.frames());
        config.put("hop", spectrogram.hop());

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_mse", scorer.testMse(testOut, test.labels()));
        m.put("train_mse", scorer.trainMse(trainOut));
        m.put(quantise ? "test_mse_clamped_prediction" : "test_mse_quantised_prediction",
                scorer.testMse(testOther, test.labels()));
        m.put("train_seconds", trainSeconds);
        m.put("samples_per_second", trainSeconds > 0 ? samples / trainSeconds : 0);
        m.put("backend", "cpu-ann");
        m.put("device", "Java " + Runtime.version().feature() + " on " + Runtime.getRuntime().availableProcessors()
                + " CPU threads");
        m.put("pairing", pair);
        m.put("hidden_steps", hiddenSteps);
        m.put("levels", q.levels());
        m.put("code_max", q.max());
        m.put("frames", spectrogram.frames());
        m.put("network", net.describe());
        m.put("synthesis_network", net.describe() + "-" + ae.inputs());
        m.put("train_clips", train.count());
        m.put("test_clips", test.count());
        m.put("class_images", classImages);
        m.put("autoencoder", aeAnn.toAbsolutePath().toString());
        m.put("samples_seen", samples);
        m.put("final_batch_loss", loss.isEmpty() ? Double.NaN : loss.get(loss.size() - 1));
        m.put("config", config);

        Map<String, Object> trainedWith = new LinkedHashMap<>();
        trainedWith.put("autoencoder", aeAnn.toAbsolutePath().toString());
        trainedWith.put("quantiser_bits", q.bits());
        trainedWith.put("quantiser_max", q.max());
        trainedWith.put("pairing", pair);
        trainedWith.put("config", config);
        net.save(out, trainedWith);
        RunArtifacts artifacts = new RunArtifacts(out);
        artifacts.writeMetrics("metrics.json", m);
        artifacts.writeLossCurve(loss.stream().mapToDouble(Double::doubleValue).toArray(), batch);
        SynthesisScorer.writeGrid(out.resolve("synthesis-grid.png"), testOut, test.labels(), images.rows(),
                images.cols());
        spec.commandLine().getOut().printf(Locale.ROOT,
                "test_mse %.4f  train_mse %.4f  (pairing %s, Th %d, %.1f s training, %s)%n", m.get("test_mse"),
                m.get("train_mse"), pair, hiddenSteps, trainSeconds, opt.describe());
        spec.commandLine().getOut().println("results in " + out.toAbsolutePath()
                + " (metrics.json, synthesis-grid.png, loss.png, ac-ann.json)");
        return 0;
    }

    /* The dataset train-ann recorded in ann.json; mnist when absent. */
    private static String aeDataset(Path dir) {
        try {
            com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(
                    Files.readString(dir.resolve(AnnAutoencoder.JSON_FILE))).getAsJsonObject();
            return o.has("dataset") ? o.get("dataset").getAsString() : "mnist";
        } catch (java.io.IOException | RuntimeException e) {
            throw new SpikecoderException(dir.resolve(AnnAutoencoder.JSON_FILE) + ": " + e.getMessage(), e);
        }
    }

    private String checkOptions() {
        String pair = pairing.toUpperCase(Locale.ROOT);
        if (!pair.equals("A") && !pair.equals("B")) {
            throw new SpikecoderException("--pairing must be A or B, got '" + pairing + "'");
        }
        if (hiddenSteps < 1 || hiddenSteps > 16) {
            throw new SpikecoderException("--hidden-steps must be 1 to 16 (2^Th levels), got " + hiddenSteps);
        }
        if (hidden < 1 || batch < 1 || epochs < 1) {
            throw new SpikecoderException("--hidden, --batch and --epochs must be at least 1");
        }
        audio.check();
        if (!(lr > 0 && Double.isFinite(lr))) {
            throw new SpikecoderException("--lr must be a positive number, got " + lr);
        }
        ann.check();
        return pair;
    }
}
