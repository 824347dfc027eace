package org.spikecoder.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.spikecoder.SpikecoderException;
import org.spikecoder.audiocoder.SynthesisModel;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.nir.NirExport;
import org.spikecoder.io.nir.NirFile;
import org.spikecoder.io.nir.NirGraph;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code export-nir}: a trained network as a NIR file for snnTorch, Norse, Sinabs, Rockpool, Lava, SpiNNaker2... */
@Command(name = "export-nir", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Write a trained network as a NIR graph (Neuromorphic Intermediate Representation, HDF5).",
                "",
                "Input, then per layer a Linear (weight: post x pre) and a LIF (tau = dt/leak, r = tau/dt, v_leak 0,"
                        + " v_threshold, v_reset 0; IF when the leak is 0), then Output. Metadata record dt, the"
                        + " discretisation, the reset, the >= threshold test, the clamp and the Poisson input;"
                        + " docs/NIR.md says what each importer makes of them.",
                ""})
final class ExportNirCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR|FILE",
            description = "A train-ae folder (checkpoint.spk), a train-audiocoder folder (model.spk), or the file.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE.nir", description = "The NIR file to write.")
    Path out;

    @Option(names = "--dt", defaultValue = "1e-4", paramLabel = "SECONDS",
            description = "Simulation step the time constants are scaled by (tau = dt/leak). Default: ${DEFAULT-VALUE},"
                    + " snnTorch's.")
    double dt;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.applyLogging();
        Path file = modelFile(model);
        Checkpoint ckpt = Checkpoint.read(file);
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new SpikecoderException("--dt must be a positive number of seconds, got " + dt);
        }
        String producer = "spikecoder " + VersionProvider.version();
        NirGraph graph = NirExport.toGraph(ckpt, dt, producer);
        NirFile.write(out, graph);
        var o = spec.commandLine().getOut();
        float leak = ckpt.config().leak();
        o.printf("wrote %s: %s network %s, %s neurons, leak %s (tau %s s at dt %s s), threshold %s%n",
                out.toAbsolutePath(), ckpt.kind(), ckpt.network(), leak == 0 ? "IF" : "LIF", leak,
                leak == 0 ? "inf" : seconds(dt / leak), seconds(dt), ckpt.config().threshold());
        if (ckpt.config().clampMembrane()) {
            o.println("note: this network clamps V at the threshold (authors-code preset); NIR has no node for that,"
                    + " so other simulators will not clamp (docs/NIR.md)");
        }
        return 0;
    }

    /* 6 significant digits without float noise: tau 9.99999985e-4 (dt / 0.1f) prints as 0.001. */
    static String seconds(double s) {
        return new java.math.BigDecimal(s).round(new java.math.MathContext(6)).stripTrailingZeros().toString();
    }

    /* A folder holds checkpoint.spk (train-ae) or model.spk (train-audiocoder). */
    private static Path modelFile(Path model) {
        if (!Files.isDirectory(model)) {
            return model;
        }
        Path ae = model.resolve(Checkpoint.FILE_NAME);
        Path synthesis = model.resolve(SynthesisModel.FILE_NAME);
        return Files.exists(ae) || !Files.exists(synthesis) ? ae : synthesis;
    }
}
