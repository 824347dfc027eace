package org.spikecoder.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.spikecoder.api.Dataset;
import org.spikecoder.api.Evaluation;
import org.spikecoder.api.EvaluationResult;
import org.spikecoder.api.Split;

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
        Evaluation.Builder b = Evaluation.of(model).split(Split.parse(split)).limit(limit).exportWeights(exportNpy)
                .dataLocator(dataOptions.locator()).listener(new ProgressListener(common.interactive()));
        if (dataset != null) {
            b.dataset(Dataset.parse(dataset));
        }
        backendOptions.applyTo(b);
        Evaluation evaluation = b.build();
        EvaluationResult r = out != null ? evaluation.evaluate(out) : evaluation.evaluate();
        String s = r.split().id();
        spec.commandLine().getOut().printf("%s_mse %.4f  %s_spike_mse %.4f  %s_pixel_mse %.4f  (%d images, %.1f s,"
                + " %s)%n", s, r.mse(), s, r.spikeMse(), s, r.pixelMse(), r.images(), r.seconds(), r.backend());
        return 0;
    }
}
