package org.spikecoder.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.spikecoder.opencl.ClDeviceInfo;
import org.spikecoder.opencl.ClRuntime;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code spikecoder devices}: the OpenCL devices that {@code --device} can select. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = {"List the OpenCL devices that --device can select.", "",
                "Shows each platform's devices with their index (for --device), global memory, largest single"
                        + " allocation and compute units.", ""})
final class DevicesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<ClDeviceInfo> devices = ClRuntime.devices();
        if (devices.isEmpty()) {
            spec.commandLine().getErr().println("error: no OpenCL device found; " + ClRuntime.RUNTIME_HINT
                    + " (the cpu backend needs none)");
            return 1;
        }
        out.printf(Locale.ROOT, "%-5s %-40s %-28s %-4s %12s %12s %6s%n", "index", "device", "platform", "type",
                "global MiB", "max alloc", "units");
        for (ClDeviceInfo d : devices) {
            out.printf(Locale.ROOT, "%-5d %-40s %-28s %-4s %12d %12d %6d%n", d.index(), clip(d.name(), 40),
                    clip(d.platformName(), 28), clip(d.type(), 4), d.globalMemory() >> 20, d.maxAlloc() >> 20,
                    d.computeUnits());
        }
        String env = System.getenv(ClRuntime.DEVICE_ENV);
        out.println("default: " + ClRuntime.select(null).describe()
                + (env == null || env.isBlank() ? "" : " (from " + ClRuntime.DEVICE_ENV + "=" + env + ")"));
        return 0;
    }

    private static String clip(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
