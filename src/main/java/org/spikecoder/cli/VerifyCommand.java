package org.spikecoder.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.concurrent.Callable;

import org.spikecoder.opencl.BatchParity;
import org.spikecoder.opencl.ClContext;
import org.spikecoder.opencl.KernelCases;
import org.spikecoder.opencl.KernelSizes;
import org.spikecoder.opencl.DeviceTuning;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code spikecoder verify}: every kernel on its own against its Java twin ({@link KernelCases}), then whole training
 * batches on an OpenCL device against the CPU reference ({@link BatchParity}); the same cases as the native parity
 * tests.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check spikecoder's OpenCL kernels on a device against the plain-Java reference.", "",
                "First runs every kernel on its own against its Java twin at awkward sizes (1, 7, 93, 144, 785,"
                        + " rows of 4096; all-silent and all-active inputs, V at threshold, a step whose every delta"
                        + " is 0, a short batch), at the device's kernel sizes, the GPU shape and register blocks of"
                        + " 3, and prints a table: kernel, sizes, largest absolute and relative error, PASS or FAIL"
                        + " with the first mismatches and their indices.",
                "Then trains the same networks on the device and on the CPU reference (both presets, Adam and"
                        + " SGD, the device's kernel sizes, the GPU shape and row-blocked tiles, the event-driven"
                        + " path of big layers with silent inputs and deferred updates, a short last batch, an"
                        + " evaluation batch) and compares the loss, every layer's spike counts, the recorded spike"
                        + " rasters (exactly) and the weights (within 1e-6 + 1e-4 x |expected|) after every batch.",
                "Exits 1 when any case fails, with one line naming them. Run it on a new device or driver before"
                        + " training on it. --tune vw=1 runs the device's own cases in the GPU shape (the tiled"
                        + " kernels) too.", ""})
final class VerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--device", paramLabel = "DEV",
            description = "OpenCL device by index or name substring (see `spikecoder devices`); default"
                    + " $SPIKECODER_DEVICE, else the first GPU, else the first device.")
    String device;

    @Option(names = "--quick", description = "Small sizes and networks only, for a simulated device such as"
            + " Oclgrind.")
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
            out().println("verify on " + ctx.device().name() + " (" + ctx.device().platformName() + ")"
                    + (quick ? ", quick" : "") + (tuning.overrides().isEmpty() ? "" : ", tuned " + tuning.overrides()));
            List<String> failed = new ArrayList<>();
            int checks = kernels(ctx, failed, tuning);
            checks += batches(ctx, failed, tuning);
            if (!failed.isEmpty()) {
                spec.commandLine().getErr().println("error: verify: " + failed.size() + " of " + checks + " cases FAILED on "
                        + ctx.device().name() + ": " + String.join("; ", failed));
                return 1;
            }
            out().println("all " + checks + " cases PASS on " + ctx.device().name());
            return 0;
        }
    }

    /** The kernel table; adds the failed cases to {@code failed} and returns how many cases ran. */
    private int kernels(ClContext ctx, List<String> failed, DeviceTuning tuning) {
        StringJoiner shapes = new StringJoiner("; ");
        KernelCases.shapes(KernelSizes.of(ctx.device(), tuning)).forEach(s -> shapes.add(KernelCases.shapeName(s)));
        List<KernelCases.Case> cases = KernelCases.cases(quick);
        out().println();
        out().println("Each kernel against its Java twin: " + cases.size() + " cases, at the device's kernel"
                + " sizes and, where the kernel's geometry depends on them, at each of: " + shapes);
        out().printf(Locale.ROOT, "%-30s %-42s %10s %10s  %s%n", "kernel", "sizes", "max abs", "max rel",
                "result");
        long start = System.nanoTime();
        for (KernelCases.Case c : cases) {
            KernelCases.Result r = KernelCases.run(ctx, c, tuning);
            out().printf(Locale.ROOT, "%-30s %-42s %10.3g %10.3g  %s%n", c.kernel(), c.sizes(), r.maxAbs(),
                    r.maxRel(), r.passed() ? "PASS" : "FAIL: " + r.failure());
            if (!r.passed()) {
                failed.add("kernel " + c);
            }
        }
        out().printf(Locale.ROOT, "%d kernel cases in %.1f s%n", cases.size(), (System.nanoTime() - start) / 1e9);
        return cases.size();
    }

    /** The training-batch table, as {@link #kernels}. */
    private int batches(ClContext ctx, List<String> failed, DeviceTuning tuning) {
        List<BatchParity.Case> cases = BatchParity.cases(quick);
        out().println();
        out().println("Whole training batches against the CPU reference: " + cases.size() + " cases");
        out().printf(Locale.ROOT, "%-44s %-14s %-24s %10s %10s  %s%n", "case", "network", "kernel sizes",
                "max abs", "max rel", "result");
        long start = System.nanoTime();
        for (BatchParity.Case c : cases) {
            BatchParity.Result r = BatchParity.run(ctx, c, tuning);
            out().printf(Locale.ROOT, "%-44s %-14s %-24s %10.3g %10.3g  %s%n", c.name(), c.net(),
                    r.sizes(), r.maxAbs(), r.maxRel(), r.passed() ? "PASS" : "FAIL: " + r.failure());
            if (!r.passed()) {
                failed.add("batch case '" + c.name() + "'");
            }
        }
        out().printf(Locale.ROOT, "%d batch cases in %.1f s%n", cases.size(), (System.nanoTime() - start) / 1e9);
        return cases.size();
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
