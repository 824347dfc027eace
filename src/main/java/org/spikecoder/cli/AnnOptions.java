package org.spikecoder.cli;

import java.util.Locale;
import java.util.Map;

import org.spikecoder.SpikecoderException;
import org.spikecoder.ann.AnnOptimizer;
import org.spikecoder.model.InitMode;

import picocli.CommandLine.Option;

/**
 * Options the ANN baselines share (train-ann, train-ac-ann): update rule, weight decay, initialisation, biases and
 * seed. Learning rate, batch, epochs and output activation have per-command defaults and stay in each command.
 */
public final class AnnOptions {
    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "sgd|adam",
            description = "Update rule. Default: ${DEFAULT-VALUE}. Adam: moments kept across the whole run, bias-corrected.")
    TrainAnnCommand.Opt optimizer;

    @Option(names = "--weight-decay", defaultValue = "1e-4", paramLabel = "WD",
            description = "L2 weight decay: wd*W added to the weight gradient, for SGD and Adam. Default: ${DEFAULT-VALUE}"
                    + " (the paper's; the authors' code applies none under Adam: pass 0 to match).")
    double weightDecay;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the weight initialisation and the epoch shuffles (and of train-ac-ann's pairing B)."
                    + " Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--bias", description = "Train biases b1, b2 (the authors' code has none; default off).")
    boolean bias;

    @Option(names = "--init", defaultValue = "xavier", paramLabel = "xavier|uniform",
            description = "Weight initialisation: Glorot uniform, or U(-s, s) with s = --init-scale. Default: ${DEFAULT-VALUE}.")
    InitMode init;

    @Option(names = "--init-scale", defaultValue = "0.01", paramLabel = "S",
            description = "Half-width of --init uniform. Default: ${DEFAULT-VALUE} (the authors' ANN code).")
    float initScale;

    @Option(names = "--adam-betas", split = ",", defaultValue = "0.9,0.999", paramLabel = "B1,B2",
            description = "Adam's moment decay rates. Default: ${DEFAULT-VALUE}.")
    double[] betas;

    @Option(names = "--adam-eps", defaultValue = "1e-8", paramLabel = "EPS", description = "Adam's epsilon. Default: ${DEFAULT-VALUE}.")
    double adamEps;

    void check() {
        if (!(weightDecay >= 0)) {
            throw new SpikecoderException("--weight-decay must be 0 or more, got " + weightDecay);
        }
        if (betas.length != 2 || !(betas[0] >= 0 && betas[0] < 1 && betas[1] >= 0 && betas[1] < 1)) {
            throw new SpikecoderException("--adam-betas needs two values in [0, 1), e.g. 0.9,0.999");
        }
        if (!(adamEps > 0)) {
            throw new SpikecoderException("--adam-eps must be positive, got " + adamEps);
        }
        if (init == InitMode.UNIFORM && !(initScale > 0)) {
            throw new SpikecoderException("--init-scale must be positive, got " + initScale);
        }
    }

    AnnOptimizer optimizer(double lr) {
        return optimizer == TrainAnnCommand.Opt.SGD ? AnnOptimizer.sgd(lr, weightDecay)
                : AnnOptimizer.adam(lr, weightDecay, betas[0], betas[1], adamEps);
    }

    /**
     * Adds the run's settings to the "config" entry of metrics.json, in train-ann's order.
     *
     * @param config Modified.
     */
    void putConfig(Map<String, Object> config, double lr, int batch, int epochs, String outputActivation) {
        config.put("optimizer", optimizer.name().toLowerCase(Locale.ROOT));
        config.put("learning_rate", lr);
        config.put("weight_decay", weightDecay);
        config.put("batch_size", batch);
        config.put("epochs", epochs);
        config.put("seed", seed);
        config.put("init", init.name().toLowerCase(Locale.ROOT));
        config.put("init_scale", init == InitMode.UNIFORM ? initScale : null);
        config.put("hidden_activation", "relu");
        config.put("output_activation", outputActivation);
        config.put("bias", bias);
        if (optimizer == TrainAnnCommand.Opt.ADAM) {
            config.put("adam_beta1", betas[0]);
            config.put("adam_beta2", betas[1]);
            config.put("adam_eps", adamEps);
        }
    }
}
