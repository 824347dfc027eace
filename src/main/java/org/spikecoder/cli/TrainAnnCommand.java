package org.spikecoder.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.spikecoder.SpikecoderException;
import org.spikecoder.ann.Activation;
import org.spikecoder.ann.AnnAutoencoder;
import org.spikecoder.ann.AnnOptimizer;
import org.spikecoder.ann.AnnTrainer;
import org.spikecoder.data.DataLocator;
import org.spikecoder.data.ImageDataset;
import org.spikecoder.engine.TrainListener;
import org.spikecoder.io.Charts;
import org.spikecoder.io.CsvFile;
import org.spikecoder.io.ImageGrid;
import org.spikecoder.io.RunLock;
import org.spikecoder.run.RunArtifacts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train-ann}: the paper's ANN autoencoder baseline N-H-N (Table 1, ANN columns), trained and evaluated. */
@Command(name = "train-ann", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Train the ANN autoencoder baseline (ReLU) on MNIST or Fashion-MNIST and evaluate it.",
                "",
                "Trains input-hidden-input on 0.5|x - y|^2 with SGD or Adam, measures the paper's MSE (per-image"
                        + " z-scored pixels vs z-scored output) on the test set and writes metrics.json,"
                        + " reconstructions.png, loss.csv, loss.png, ann.json, layer1.npy, layer2.npy, bias1.npy and"
                        + " bias2.npy into --out (AnnAutoencoder.load reads the model back).",
                "",
                "The paper's baselines: train-ann --dataset mnist --hidden 196 --optimizer sgd (lr 0.1);"
                        + " --dataset fashion-mnist --hidden 512|1024 --optimizer sgd (lr 5e-3); and with --optimizer adam.",
                ""})
final class TrainAnnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private static final Logger LOG = LogManager.getLogger(TrainAnnCommand.class);

    /** Optimisers accepted by --optimizer. */
    enum Opt { SGD, ADAM }

    @Option(names = "--dataset", defaultValue = "mnist", paramLabel = "mnist|fashion-mnist",
            description = "Training and test images. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--hidden", defaultValue = "196", paramLabel = "H", description = "Hidden units. Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--lr", paramLabel = "RATE",
            description = "Learning rate. Default: SGD 0.1 on mnist and 5e-3 on fashion-mnist (the paper's);"
                    + " Adam 1e-3 on both (our choice; the paper does not give Adam's rate).")
    Double lr;

    @Option(names = "--batch", defaultValue = "100", paramLabel = "B", description = "Mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--epochs", defaultValue = "1", paramLabel = "E", description = "Epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--output-activation", defaultValue = "relu", paramLabel = "relu|identity",
            description = "Activation of the output layer. Default: ${DEFAULT-VALUE} (the authors' code).")
    Activation outputActivation;

    @Mixin
    ImageLimitOptions limits;

    @Option(names = "--out", defaultValue = "runs/train-ann", paramLabel = "DIR",
            description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Mixin
    AnnOptions ann;

    @Mixin
    DataOptions dataOptions;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.applyLogging();
        checkOptions();
        try (RunLock lock = RunLock.acquire(out, "--out")) {
            return train();
        }
    }

    private Integer train() {
        double rate = lr != null ? lr : defaultLr(ann.optimizer, dataset);
        DataLocator data = dataOptions.locator();
        ImageDataset train = limits.train(data, dataset);
        ImageDataset test = limits.test(data, dataset);
        if (Files.exists(out.resolve(AnnAutoencoder.JSON_FILE))) {
            throw new SpikecoderException(out.resolve(AnnAutoencoder.JSON_FILE) + " already exists: choose another --out");
        }
        AnnAutoencoder net = AnnAutoencoder.initialise(train.pixelsPerImage(), hidden, outputActivation, ann.bias, ann.init,
                ann.initScale, ann.seed);
        AnnOptimizer opt = ann.optimizer(rate);
        LOG.info("train-ann {} {} {} batch {} epochs {} seed {}", dataset, net.describe(), opt.describe(), batch, epochs,
                ann.seed);

        List<Double> loss = new ArrayList<>();
        long t0 = System.nanoTime();
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
                AnnTrainer.trainEpoch(net, opt, train, e, batch, ann.seed, listener);
            }
        }
        double trainSeconds = (System.nanoTime() - t0) / 1e9;

        long t1 = System.nanoTime();
        AnnTrainer.Evaluation testResult;
        try (ProgressReporter progress = new ProgressReporter("test", test.count(), 0, common.interactive())) {
            testResult = AnnTrainer.evaluate(net, test, 10, progress);
        }
        ImageDataset trainSubset = limits.trainEvalSubset(train);
        AnnTrainer.Evaluation trainResult;
        try (ProgressReporter progress = new ProgressReporter("train-eval", trainSubset.count(), 0,
                common.interactive())) {
            trainResult = AnnTrainer.evaluate(net, trainSubset, 0, progress);
        }
        double evalSeconds = (System.nanoTime() - t1) / 1e9;

        long samples = (long) epochs * train.count();
        Map<String, Object> config = new LinkedHashMap<>();
        ann.putConfig(config, rate, batch, epochs, outputActivation.jsonName());

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_mse", testResult.mse());
        m.put("train_mse", trainResult.mse());
        m.put("train_seconds", trainSeconds);
        m.put("eval_seconds", evalSeconds);
        m.put("samples_per_second", trainSeconds > 0 ? samples / trainSeconds : 0);
        m.put("backend", "cpu-ann");
        m.put("device", "Java " + Runtime.version().feature() + " on " + Runtime.getRuntime().availableProcessors()
                + " CPU threads");
        m.put("dataset", dataset);
        m.put("network", net.describe());
        m.put("train_images", train.count());
        m.put("test_images", test.count());
        m.put("train_eval_images", trainSubset.count());
        m.put("samples_seen", samples);
        m.put("final_batch_loss", loss.isEmpty() ? Double.NaN : loss.get(loss.size() - 1));
        m.put("config", config);

        RunArtifacts artifacts = new RunArtifacts(out);
        Map<String, Object> trainedWith = new LinkedHashMap<>();
        trainedWith.put("dataset", dataset);
        trainedWith.put("train_images", train.count());
        trainedWith.put("config", config);
        net.save(out, trainedWith);
        artifacts.writeMetrics("metrics.json", m);
        int shown = testResult.outputs().length / test.pixelsPerImage();
        if (shown > 0) {
            ImageGrid.writePairs(out.resolve("reconstructions.png"), test.pixels(), testResult.outputs(), shown,
                    test.rows(), test.cols(), 5, 3);
        }
        writeLossCurve(loss);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("test_mse %.4f  train_mse %.4f  (%.1f s training, %s)%n", testResult.mse(),
                trainResult.mse(), trainSeconds, opt.describe());
        stdout.println("results in " + out.toAbsolutePath() + " (metrics.json, reconstructions.png, loss.png)");
        return 0;
    }

    /** The paper's SGD rates per dataset; Adam 1e-3 (our choice). */
    static double defaultLr(Opt optimizer, String dataset) {
        if (optimizer == Opt.ADAM) {
            return 1e-3;
        }
        return "fashion-mnist".equals(dataset) ? 5e-3 : 0.1;
    }

    private void writeLossCurve(List<Double> loss) {
        List<double[]> rows = new ArrayList<>();
        double[] x = new double[loss.size()];
        double[] y = new double[loss.size()];
        for (int i = 0; i < loss.size(); i++) {
            x[i] = i + 1;
            y[i] = loss.get(i);
            rows.add(new double[] {i + 1, (double) (i + 1) * batch, y[i]});
        }
        CsvFile.write(out.resolve("loss.csv"), "batch,samples,loss", rows);
        if (!loss.isEmpty()) {
            Charts.lossCurve(out.resolve("loss.png"), x, y, "ANN training loss per batch", "batch",
                    "mean 0.5|x - y|^2 per image");
        }
    }

    private void checkOptions() {
        if (hidden < 1) {
            throw new SpikecoderException("--hidden must be at least 1, got " + hidden);
        }
        if (batch < 1 || epochs < 1) {
            throw new SpikecoderException("--batch and --epochs must be at least 1");
        }
        limits.check();
        if (lr != null && !(lr > 0 && Double.isFinite(lr))) {
            throw new SpikecoderException("--lr must be a positive number, got " + lr);
        }
        ann.check();
    }
}
