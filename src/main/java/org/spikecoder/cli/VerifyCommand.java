package org.spikecoder.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.spikecoder.opencl.BatchParity;
import org.spikecoder.opencl.ClContext;
import org.spikecoder.opencl.DeviceTuning;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spikecoder verify}: whole training batches on an OpenCL device against the CPU reference. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check spikecoder's OpenCL kernels on a device against the plain-Java reference.", "",
                "Trains the same networks on the device and on the CPU reference (both presets, Adam and SGD, the"
                        + " device's kernel sizes, the GPU shape and row-blocked tiles, the event-driven path of big"
                        + " layers with silent inputs and deferred updates, a short last batch, an evaluation"
                        + " batch) and compares the loss, every layer's spike counts, the recorded spike rasters"
                        + " (exactly) and the weights (within 1e-6 + 1e-4 x |expected|) after every batch. Prints a"
                        + " table and exits 1 when any case fails. Run it on a new device or driver before training"
                        + " on it. --tune vw=1 runs the device's own cases in the GPU shape (the tiled kernels) too.", ""})
final class VerifyCommand implements Callable<Integer> {
    @Option(names = "--device", paramLabel = "DEV",
            description = "OpenCL device by index or name substring (see `spikecoder devices`); default"
                    + " $SPIKECODER_DEVICE, else the first GPU, else the first device.")
    String device;

    @Option(names = "--quick", description = "Small networks only, for a simulated device such as Oclgrind.")
    boolean quick;

    @Mixin
    TuningOptions tune;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        common.applyLogging();
        DeviceTuning tuning = tune.tuning();
        try (ClContext ctx = ClContext.open(device, false)) {
            System.out.println("verify on " + ctx.device().name() + " (" + ctx.device().platformName() + ")"
                    + (quick ? ", quick" : "") + (tuning.overrides().isEmpty() ? "" : ", tuned " + tuning.overrides()));
            System.out.printf(Locale.ROOT, "%-44s %-14s %-24s %10s %10s  %s%n", "case", "network", "kernel sizes",
                    "max abs", "max rel", "result");
            List<String> failed = new ArrayList<>();
            List<BatchParity.Case> cases = BatchParity.cases(quick);
            for (BatchParity.Case c : cases) {
                BatchParity.Result r = BatchParity.run(ctx, c, tuning);
                System.out.printf(Locale.ROOT, "%-44s %-14s %-24s %10.3g %10.3g  %s%n", c.name(), c.net(),
                        r.sizes(), r.maxAbs(), r.maxRel(), r.passed() ? "PASS" : "FAIL: " + r.failure());
                if (!r.passed()) {
                    failed.add(c.name());
                }
            }
            if (!failed.isEmpty()) {
                System.err.println("error: verify: " + failed.size() + " of " + cases.size() + " cases FAILED on "
                        + ctx.device().name() + ": " + String.join("; ", failed));
                return 1;
            }
            System.out.println("all " + cases.size() + " cases PASS on " + ctx.device().name());
            return 0;
        }
    }
}
