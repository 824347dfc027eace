package org.spikecoder.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.spikecoder.audiocoder.SynthesisModel;
import org.spikecoder.io.Checkpoint;
import org.spikecoder.io.RunLock;
import org.spikecoder.io.nir.NirFile;
import org.spikecoder.io.nir.NirGraph;
import org.spikecoder.io.nir.NirImport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code import-nir}: a NIR graph from any tool as a folder that eval-ae (or synthesize) runs. */
@Command(name = "import-nir", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
                "Read a NIR graph (HDF5, as nir.write or export-nir writes it) into a spikecoder model folder.",
                "",
                "The graph must be Input -> (Linear -> LIF or IF)+ -> Output with one leak (dt/tau) and one"
                        + " threshold for all neurons, v_leak and v_reset 0; an input gain dt*r/tau other than 1 is"
                        + " folded into the weights. Writes checkpoint.spk (eval-ae --model DIR) or, for a file"
                        + " export-nir wrote from an audio-to-image model, model.spk (synthesize --model DIR).",
                ""})
final class ImportNirCommand implements Callable<Integer> {

    @Option(names = "--nir", required = true, paramLabel = "FILE", description = "The NIR file to read.")
    Path nir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The model folder to write.")
    Path out;

    @Option(names = "--dt", paramLabel = "SECONDS",
            description = "Simulation step to read the time constants with (leak = dt/tau). Default: the file's"
                    + " metadata dt, else 1e-4 (snnTorch's).")
    Double dt;

    @Option(names = "--dataset", paramLabel = "mnist|fashion-mnist",
            description = "Data set to record for eval-ae (default: the file's metadata, else mnist).")
    String dataset;

    @Option(names = "--steps", paramLabel = "T",
            description = "Time steps per sample to record (default: the file's metadata, else the paper preset's).")
    Integer steps;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        common.applyLogging();
        NirGraph graph = NirFile.read(nir);
        double step = dt != null ? dt : NirImport.dtOf(graph);
        NirImport.Network net = NirImport.fromGraph(nir, graph, step);
        Checkpoint ckpt = NirImport.checkpoint(nir, graph, net, dataset, steps);
        String name = "synthesis".equals(ckpt.kind()) ? SynthesisModel.FILE_NAME : Checkpoint.FILE_NAME;
        Path file = out.resolve(name);
        try (RunLock lock = RunLock.acquire(out, "--out")) {
            ckpt.write(file);
        }
        var o = spec.commandLine().getOut();
        for (String note : net.notes()) {
            o.println("note: " + note);
        }
        o.printf("wrote %s: %s network %s, leak %s (dt %s s), threshold %s, T %d; run it with: spikecoder %s --model"
                        + " %s%n", file.toAbsolutePath(), ckpt.kind(), ckpt.network(), ckpt.config().leak(), ExportNirCommand.seconds(step),
                ckpt.config().threshold(), ckpt.config().steps(),
                "synthesis".equals(ckpt.kind()) ? "synthesize" : "eval-ae", out);
        return 0;
    }
}
