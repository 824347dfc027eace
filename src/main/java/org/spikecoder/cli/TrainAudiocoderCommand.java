package org.spikecoder.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.spikecoder.api.Audiocoder;
import org.spikecoder.api.AudiocoderResult;
import org.spikecoder.api.Pairing;
import org.spikecoder.api.Recipe;

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
        Audiocoder.Builder run = Audiocoder.builder().autoencoder(ae).pairing(Pairing.parse(pairing))
                .hiddenSteps(hiddenSteps).recipe(Recipe.parse(recipe)).validation(validation).testSpeaker(testSpeaker)
                .evalTest(evalTest).dataLocator(dataOptions.locator())
                .listener(new ProgressListener(common.interactive()));
        if (hidden != null) {
            run.hidden(hidden);
        }
        if (evalSteps != null) {
            run.evalSteps(evalSteps);
        }
        audio.applyTo(run);
        snn.applyTo(run);
        backendOptions.applyTo(run);
        checkpoints.applyTo(run);
        AudiocoderResult r = run.build().train(out);
        if (!r.complete()) {
            return 0;
        }
        StringBuilder line = new StringBuilder();
        for (String k : new String[] {"test_mse", "test_class_accuracy", "val_mse", "val_class_accuracy", "train_mse"}) {
            if (r.metrics().get(k) instanceof Double d) {
                line.append(String.format(Locale.ROOT, "%s %.4f  ", k, d));
            }
        }
        spec.commandLine().getOut().printf("%s(pairing %s, Th %d, %.1f s training, %s)%n", line,
                r.metrics().get("pairing"), hiddenSteps, r.trainSeconds(), r.backend());
        spec.commandLine().getOut().println("results in " + out.toAbsolutePath()
                + " (metrics.json, synthesis-grid.png, model.spk)");
        return 0;
    }
}
